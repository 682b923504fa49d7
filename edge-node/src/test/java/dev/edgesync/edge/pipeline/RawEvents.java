package dev.edgesync.edge.pipeline;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test events written into {@code raw.sales} the way the ingest writes them (CloudEvents Kafka binding, binary
 * mode). Event {@code i} has id {@code e-i}; its partition is a function of {@code i}, so a later test (even
 * after an app restart) knows where every event belongs.
 */
final class RawEvents {

    static final String STREAM = "sales";
    static final int PARTITIONS = 3;

    private RawEvents() {
    }

    static String key(int i) {
        return i % 10 == 0 ? null : "k" + (i % 50);
    }

    static int partition(int i) {
        return i % 10 == 0 ? i % PARTITIONS : (i % 50) % PARTITIONS;
    }

    static String id(int i) {
        return "e-" + i;
    }

    static int seq(String id) {
        return Integer.parseInt(id.substring(2));
    }

    static void write(String bootstrap, int from, int to, int failOnceAt) {
        write(bootstrap, from, to, failOnceAt, null);
    }

    /** As above, with this record timestamp (null: the producer's clock); each append is awaited. */
    static void write(String bootstrap, int from, int to, int failOnceAt, Long timestamp) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                RecordHeaders h = new RecordHeaders();
                h.add("ce_specversion", utf8("1.0"));
                h.add("ce_id", utf8(id(i)));
                h.add("ce_source", utf8("/pos/7"));
                h.add("ce_type", utf8("com.example.sale"));
                h.add("ce_time", utf8("2026-11-24T07:00:00Z"));
                h.add("content-type", utf8("application/json"));
                String data = i == failOnceAt ? "{\"i\":" + i + ",\"failOnce\":true}" : "{\"i\":" + i + "}";
                String k = key(i);
                var sent = p.send(new ProducerRecord<>("raw." + STREAM, partition(i), timestamp, k == null ? null : utf8(k),
                        utf8(data), h));
                if (timestamp != null) {
                    try {
                        sent.get();
                    } catch (Exception e) {
                        throw new IllegalStateException("append refused", e);
                    }
                }
            }
            p.flush();
        }
    }

    /** Every committed record of a topic, per partition, in log order. */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(String bootstrap, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(topic, p));
                out.put(p, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.get(r.partition()).add(r));
            }
        }
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
