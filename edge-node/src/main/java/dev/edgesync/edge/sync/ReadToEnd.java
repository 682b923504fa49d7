package dev.edgesync.edge.sync;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Reads partitions from given offsets up to their current (read_committed: last stable) end, with a deadline. */
final class ReadToEnd {

    private ReadToEnd() {
    }

    /** Reads every record between {@code from} and the end offsets, handing them to {@code sink}; returns the ends. */
    static Map<TopicPartition, Long> read(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from,
                                          Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        consumer.assign(from.keySet());
        Map<TopicPartition, Long> ends = consumer.endOffsets(from.keySet(), timeout);
        Map<TopicPartition, Long> pending = new HashMap<>();
        from.forEach((tp, offset) -> {
            if (offset < ends.get(tp)) {
                consumer.seek(tp, offset);
                pending.put(tp, ends.get(tp));
            }
        });
        consumer.pause(from.keySet());
        consumer.resume(pending.keySet());
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + pending.keySet() + " to their end took longer than " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                sink.accept(r);
            }
            pending.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
            consumer.pause(from.keySet());
            consumer.resume(pending.keySet());
        }
        return ends;
    }
}
