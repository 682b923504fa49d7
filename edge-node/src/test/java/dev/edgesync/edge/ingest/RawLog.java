package dev.edgesync.edge.ingest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads local topics back with a plain consumer, as any Kafka tool would. */
public final class RawLog implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    public RawLog(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Records freed under a read are an error, never an empty answer (the default "latest" skips them).
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    List<TopicPartition> partitions(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
            out.add(new TopicPartition(topic, p.partition()));
        }
        return out;
    }

    public Map<TopicPartition, Long> endOffsets(List<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        topics.forEach(t -> all.addAll(partitions(t)));
        return new HashMap<>(consumer.endOffsets(all, Duration.ofSeconds(10)));
    }

    /** Every record of {@code topic} from the given offsets (missing partitions: from 0) to the current end. */
    List<ConsumerRecord<byte[], byte[]>> readFrom(String topic, Map<TopicPartition, Long> from) {
        List<TopicPartition> tps = partitions(topic);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(10));
        consumer.assign(tps);
        tps.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read " + topic + " to " + end);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    out.add(r);
                }
            }
        }
        consumer.assign(List.of());
        return out;
    }

    /** Records of {@code topic} after {@code from} whose ce_id header is {@code id}. */
    List<ConsumerRecord<byte[], byte[]>> withId(String topic, Map<TopicPartition, Long> from, String id) {
        return readFrom(topic, from).stream().filter(r -> id.equals(header(r, "ce_id"))).toList();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
