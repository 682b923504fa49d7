package dev.edgesync.edge.sync;

import dev.edgesync.edge.buffer.EvictionGate;
import dev.edgesync.edge.stream.StreamPartition;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

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

    private final Map<TopicPartition, StreamPartition> byCurated = new HashMap<>();
    private final Map<StreamPartition, PartitionQueue> queues = new TreeMap<>();
    private volatile KafkaConsumer<byte[], byte[]> local;

    ReadAhead(UplinkSettings s) {
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
            ConsumerRecords<byte[], byte[]> records = local.poll(wait);
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
