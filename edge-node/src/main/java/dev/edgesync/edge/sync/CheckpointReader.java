package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import dev.edgesync.protocol.Checkpoint;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the site's committed checkpoints back from the centre (read_committed, from the beginning of the
 * compacted topic); the latest record per (stream, partition) wins. Malformed records are skipped with a
 * warning: the landing tail still bounds the resume point from below.
 */
public final class CheckpointReader {

    private static final Logger LOG = Logger.getLogger(CheckpointReader.class);

    private CheckpointReader() {
    }

    public static Map<StreamPartition, Checkpoint> read(KafkaConsumer<byte[], byte[]> consumer, String site,
                                                        Set<StreamPartition> wanted, Duration timeout) {
        String topic = TopicNames.checkpoints(site);
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        Map<TopicPartition, Long> from = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .collect(Collectors.toMap(Function.identity(), tp -> 0L));
        Map<StreamPartition, Checkpoint> latest = new HashMap<>();
        ReadToEnd.read(consumer, from, timeout, r -> {
            try {
                Checkpoint c = Checkpoint.decode(r.key(), r.value());
                StreamPartition sp = new StreamPartition(c.stream(), c.partition());
                if (wanted.contains(sp)) {
                    latest.put(sp, c);
                }
            } catch (IllegalArgumentException e) {
                LOG.warnf("Skipping malformed checkpoint record at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        });
        return latest;
    }
}
