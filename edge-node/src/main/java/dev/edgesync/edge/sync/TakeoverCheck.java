package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.protocol.Checkpoint;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Before initTransactions (which would fence whoever holds our transactional ids): if another uplink with this
 * identity has committed since we last looked, it is live, and we must step aside, not fence it.
 * Read_committed hides our own unresolved transaction, whose checkpoint the detector knows anyway.
 */
final class TakeoverCheck {

    private TakeoverCheck() {
    }

    static void refuseIfTakenOver(UplinkClients clients, UplinkSettings s, TakeoverDetector takeovers, Duration timeout) {
        KafkaConsumer<byte[], byte[]> probe = clients.consumer("takeover-check");
        try {
            Map<StreamPartition, Checkpoint> now = CheckpointReader.read(probe, s.site(),
                    Set.copyOf(s.partitions()), timeout.multipliedBy(3));
            Optional<String> takeover = takeovers.takenOver(now);
            if (takeover.isPresent()) {
                throw new UplinkSession.FencedException(takeover.get(), null);
            }
        } finally {
            probe.close(Duration.ZERO);
        }
    }
}
