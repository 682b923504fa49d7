package dev.edgesync.core.it;

import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Test helpers against a real centre broker: topics, an edge's transactional uplink writer, readers. */
public final class Centre {

    private Centre() {
    }

    public static void createTopic(String bootstrap, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + topic, e);
        }
    }

    /** One event of a test: which landing partition, its key and a per-key sequence number. */
    public record Event(int partition, String key, String id, long seq) {
        public byte[] value() {
            return ("{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** {@code n} events over {@code partitions} partitions and {@code keys} keys; each key stays in one partition. */
    public static List<Event> events(String prefix, int n, int keys, int partitions) {
        List<Event> out = new ArrayList<>();
        Map<String, Long> seq = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int k = i % keys;
            String key = prefix + "-k" + k;
            out.add(new Event(k % partitions, key, prefix + "-" + i, seq.merge(key, 1L, Long::sum)));
        }
        return out;
    }

    /** Writes landing records as an edge's uplink does: transactionally, with the contract's headers. */
    public static final class EdgeWriter implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String site;
        private final String region;
        private final String cloud;

        public EdgeWriter(String bootstrap, String site, String region, String cloud) {
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "edge-" + site + "-test-" + UUID.randomUUID());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
            this.site = site;
            this.region = region;
            this.cloud = cloud;
        }

        public RecordHeaders headers(Event e, String edgeSite, String protocol) {
            RecordHeaders h = new RecordHeaders();
            h.add(SyncHeaders.CE_SPECVERSION, utf8("1.0"));
            h.add(SyncHeaders.CE_ID, utf8(e.id()));
            h.add(SyncHeaders.CE_SOURCE, utf8("/" + site + "/pos"));
            h.add(SyncHeaders.CE_TYPE, utf8("retail.sale"));
            h.add(SyncHeaders.CONTENT_TYPE, utf8("application/json"));
            if (edgeSite != null) {
                h.add(SyncHeaders.EDGE_SITE, utf8(edgeSite));
            }
            h.add(SyncHeaders.EDGE_REGION, utf8(region));
            h.add(SyncHeaders.EDGE_CLOUD, utf8(cloud));
            h.add(SyncHeaders.EDGE_OFFSET, utf8(String.valueOf(e.seq())));
            h.add(SyncHeaders.PROTOCOL_VERSION, utf8(protocol));
            return h;
        }

        /** Writes the events to landing.&lt;site&gt;.&lt;stream&gt; in one transaction; returns the last offset per partition. */
        public Map<TopicPartition, Long> write(String stream, List<Event> events, boolean commit) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (Event e : events) {
                records.add(new ProducerRecord<>(TopicNames.landing(site, stream), e.partition(), utf8(e.key()), e.value(),
                        headers(e, site, "1")));
            }
            return writeRaw(records, commit);
        }

        /** Writes arbitrary records in one transaction; returns the last offset per partition. */
        public Map<TopicPartition, Long> writeRaw(List<ProducerRecord<byte[], byte[]>> records, boolean commit) {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach(r -> sent.add(producer.send(r)));
            producer.flush();
            Map<TopicPartition, Long> last = new HashMap<>();
            try {
                for (Future<RecordMetadata> f : sent) {
                    RecordMetadata m = f.get();
                    last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
            return last;
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    /** Waits until the relay group has committed past every given offset: those records are relayed, and committed with their outputs. */
    public static void awaitRelayed(String bootstrap, String groupId, Map<TopicPartition, Long> lastOffsets, Duration within) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return lastOffsets.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata om = committed.get(e.getKey());
                    return om != null && om.offset() > e.getValue();
                });
            });
        }
    }

    public static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String bootstrap, String groupId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of the topic up to its current end (the last stable offset under read_committed). */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, boolean committedOnly) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
                return parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            });
        }
        return out;
    }

    public static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The id inside a test event's value. */
    public static String eventId(ConsumerRecord<byte[], byte[]> r) {
        String v = new String(r.value(), StandardCharsets.UTF_8);
        int i = v.indexOf("\"id\":\"") + 6;
        return v.substring(i, v.indexOf('"', i));
    }

    public static long eventSeq(ConsumerRecord<byte[], byte[]> r) {
        String v = new String(r.value(), StandardCharsets.UTF_8);
        int i = v.indexOf("\"seq\":") + 6;
        return Long.parseLong(v.substring(i, v.indexOf('}', i)));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
