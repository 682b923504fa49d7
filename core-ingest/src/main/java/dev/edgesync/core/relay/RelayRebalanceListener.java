package dev.edgesync.core.relay;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;

/**
 * Tells the landing relay when its consumer is given new partitions (it then fences orphans and reads the registry to
 * its end), and when any rebalance changed or confirmed its assignment (it then looks at who is in the group).
 */
final class RelayRebalanceListener implements ConsumerRebalanceListener {

    // Logged as the relay, as before this class was carved out of it, so log filters keep working.
    private static final Logger LOG = Logger.getLogger(LandingRelay.class);

    private final Runnable onAssigned;
    private final Runnable onRebalanced;

    /** @param onRebalanced run after every rebalance this consumer took part in, whatever it was given */
    RelayRebalanceListener(Runnable onAssigned, Runnable onRebalanced) {
        this.onAssigned = onAssigned;
        this.onRebalanced = onRebalanced;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // With incremental protocols (KIP-848) a member that joined may only take partitions away from this one.
        if (!partitions.isEmpty()) {
            onRebalanced.run();
        }
        // Nothing to flush: no transaction is open while poll (and so a rebalance) runs.
        if (!partitions.isEmpty()) {
            LOG.debugf("Relay partitions revoked: %s", partitions);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        onRebalanced.run();
        if (!partitions.isEmpty()) {
            onAssigned.run();
            LOG.infof("Relay now consumes %d landing partitions of %d topics", partitions.size(),
                    partitions.stream().map(TopicPartition::topic).distinct().count());
        }
    }
}
