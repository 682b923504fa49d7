package dev.edgesync.edge.sync;

import dev.edgesync.edge.broker.DamagedBatches;
import dev.edgesync.edge.buffer.EvictionGate;
import dev.edgesync.edge.stream.StreamPartition;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import dev.edgesync.protocol.GapRange;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the local curated log ahead of the uplink's rounds into one {@link PartitionQueue} per partition,
 * pausing partitions whose queue is full. Used by the session's thread only, except {@link #wakeup}.
 */
final class ReadAhead {

    private static final Logger LOG = Logger.getLogger(ReadAhead.class);

    private final Map<TopicPartition, StreamPartition> byCurated = new HashMap<>();
    private final Map<StreamPartition, PartitionQueue> queues = new TreeMap<>();
    private volatile KafkaConsumer<byte[], byte[]> local;

    private final java.util.function.Supplier<KafkaConsumer<byte[], byte[]>> probes;
    private final java.util.function.Consumer<GapRange> gaps;

    /**
     * @param probes makes a local consumer of its own for finding a damaged batch's extent
     * @param gaps   where damaged ranges skipped are recorded
     */
    ReadAhead(UplinkSettings s, java.util.function.Supplier<KafkaConsumer<byte[], byte[]>> probes,
              java.util.function.Consumer<GapRange> gaps) {
        this.probes = probes;
        this.gaps = gaps;
        s.partitions().forEach(sp -> {
            byCurated.put(sp.curated(), sp);
            queues.put(sp, new PartitionQueue(sp, 2L * s.maxBatchRecords(), 4L * s.batchBytes()));
        });
    }

    /** Starts reading with {@code consumer} (read_committed), assigned every curated partition; seek before filling. */
    KafkaConsumer<byte[], byte[]> open(KafkaConsumer<byte[], byte[]> consumer) {
        local = consumer;
        consumer.assign(byCurated.keySet());
        return consumer;
    }

    /** The curated partitions read, by topic partition. */
    Map<TopicPartition, StreamPartition> partitions() {
        return byCurated;
    }

    Map<StreamPartition, PartitionQueue> queues() {
        return queues;
    }

    boolean allEmpty() {
        return queues.values().stream().allMatch(PartitionQueue::isEmpty);
    }

    /** The consumer's position in {@code tp}: past everything read, transaction markers included. */
    long position(TopicPartition tp) {
        return local.position(tp);
    }

    /** Polls what the local consumer has into the queues; pauses partitions whose queue is full. */
    void fill(Duration firstPoll) {
        Duration wait = firstPoll;
        for (int i = 0; i < 8; i++) {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = local.poll(wait);
            } catch (KafkaException e) {
                if (!DamagedBatches.isCorrupt(e) || !skipDamaged()) {
                    throw e;
                }
                return;
            }
            wait = Duration.ZERO;
            for (TopicPartition tp : records.partitions()) {
                queues.get(byCurated.get(tp)).addAll(records.records(tp));
            }
            List<TopicPartition> full = new ArrayList<>();
            List<TopicPartition> room = new ArrayList<>();
            byCurated.forEach((tp, sp) -> (queues.get(sp).isFull() ? full : room).add(tp));
            local.pause(full);
            local.resume(room);
            if (records.isEmpty() || room.isEmpty()) {
                return;
            }
        }
    }

    /**
     * Seeks past damaged batches at the local consumer's positions and records each as a corrupt gap: what was
     * read before the damage ships, what follows it too. False if no partition fails any more.
     */
    private boolean skipDamaged() {
        try (KafkaConsumer<byte[], byte[]> probe = probes.get()) {
            List<DamagedBatches.Skipped> skipped = DamagedBatches.skipDamaged(local, byCurated.keySet(), probe,
                    Duration.ofSeconds(5));
            for (DamagedBatches.Skipped d : skipped) {
                StreamPartition sp = byCurated.get(d.partition());
                LOG.errorf("Damaged local log: offsets [%d, %d) of %s fail their checksum; skipped and reported as a"
                        + " corrupt gap, the rest ships", d.from(), d.to(), d.partition());
                gaps.accept(new GapRange(sp.stream(), sp.partition(), d.from(), d.to(), GapRange.CORRUPT, d.to() - d.from()));
            }
            return !skipped.isEmpty();
        }
    }

    /** Drops queued records that the drop-oldest policy deleted (and counted) meanwhile. */
    void discardEvicted(EvictionGate gate) {
        queues.forEach((sp, q) -> q.discardBelow(gate.evictedBelow(sp)));
    }

    /** Interrupts a blocking poll, so a stop is seen promptly. */
    void wakeup() {
        KafkaConsumer<byte[], byte[]> c = local;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Hands the consumer over for closing: nothing is read after. */
    KafkaConsumer<byte[], byte[]> detach() {
        KafkaConsumer<byte[], byte[]> c = local;
        local = null;
        return c;
    }
}
