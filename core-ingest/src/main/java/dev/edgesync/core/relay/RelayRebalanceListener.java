package dev.edgesync.core.relay;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;

/** Tells the landing relay when its consumer is given new partitions (it then reads the registry to its end). */
final class RelayRebalanceListener implements ConsumerRebalanceListener {

    // Logged as the relay, as before this class was carved out of it, so log filters keep working.
    private static final Logger LOG = Logger.getLogger(LandingRelay.class);

    private final Runnable onAssigned;

    RelayRebalanceListener(Runnable onAssigned) {
        this.onAssigned = onAssigned;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing to flush: no transaction is open while poll (and so a rebalance) runs.
        if (!partitions.isEmpty()) {
            LOG.debugf("Relay partitions revoked: %s", partitions);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            onAssigned.run();
            LOG.infof("Relay now consumes %d landing partitions of %d topics", partitions.size(),
                    partitions.stream().map(TopicPartition::topic).distinct().count());
        }
    }
}
