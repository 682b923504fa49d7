package dev.edgesync.edge.sync;

import dev.edgesync.kafka.LocalPorts;
import dev.edgesync.edge.broker.LocalTopics;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.Checkpoint;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helpers: an edge broker with curated topics, a core broker, and readers of both. */
final class SyncFixture {

    static final String STREAM = "sales";
    static final int PARTITIONS = 3;

    private SyncFixture() {
    }

    /** A record as it matters to the guarantees: where it came from and what it holds. */
    record Rec(int partition, long edgeOffset, String key, String value, String ceId) {
    }

    static EmbeddedKafkaBroker localBroker() {
        EmbeddedKafkaBroker b = EmbeddedKafkaBroker.builder().build().start();
        try (Admin admin = admin(b.bootstrapServers())) {
            LocalTopics.ensure(admin, Map.of(STREAM, PARTITIONS));
        }
        return b;
    }

    /** A core broker on a port chosen now, so it can be started later (core down at start). */
    static EmbeddedKafkaBroker coreBroker(java.nio.file.Path dataDir) {
        return EmbeddedKafkaBroker.builder().dataDir(dataDir).port(LocalPorts.free()).controllerPort(LocalPorts.free()).build();
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static final AtomicInteger SEQ = new AtomicInteger();

    /**
     * Appends {@code n} records to curated like the pipeline does (transactions of 500, so the log holds
     * commit markers); the key decides the partition, so per-key order is per-partition order.
     */
    static void writeCurated(String bootstrap, int n) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-curated-" + UUID.randomUUID());
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < n; i++) {
                int seq = SEQ.incrementAndGet();
                int k = seq % 97;
                RecordHeaders h = new RecordHeaders();
                h.add(SyncHeaders.CE_SPECVERSION, utf8("1.0"));
                h.add(SyncHeaders.CE_ID, utf8("id-" + seq));
                h.add(SyncHeaders.CE_SOURCE, utf8("/pos/1"));
                h.add(SyncHeaders.CE_TYPE, utf8("sale"));
                h.add(SyncHeaders.CONTENT_TYPE, utf8("application/json"));
                p.send(new ProducerRecord<>(TopicNames.curated(STREAM), k % PARTITIONS, utf8("k" + k),
                        utf8("{\"seq\":" + seq + "}"), h));
                if ((i + 1) % 500 == 0) {
                    p.commitTransaction();
                    p.beginTransaction();
                }
            }
            p.commitTransaction();
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return consumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** read_committed consumer with {@code client} settings (bootstrap, and credentials on a secured centre). */
    static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> client) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every committed record of a topic, per partition in log order (read_committed, from the beginning). */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(String bootstrap, String topic, int partitions) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, partitions);
    }

    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(Map<String, Object> client, String topic, int partitions) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(client)) {
            Map<TopicPartition, Long> from = new HashMap<>();
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                out.put(p, new ArrayList<>());
            }
            c.beginningOffsets(tps).forEach(from::put);
            ReadToEnd.read(c, from, Duration.ofSeconds(30), r -> out.get(r.partition()).add(r));
        }
        return out;
    }

    /** The curated records still on the edge, as the uplink must land them. */
    static Map<Integer, List<Rec>> curated(String localBootstrap) {
        Map<Integer, List<Rec>> out = new TreeMap<>();
        readAll(localBootstrap, TopicNames.curated(STREAM), PARTITIONS).forEach((p, rs) ->
                out.put(p, rs.stream().map(r -> new Rec(p, r.offset(), str(r.key()), str(r.value()),
                        header(r, SyncHeaders.CE_ID))).toList()));
        return out;
    }

    /** The records landed at the centre, keyed by their edge offset header. */
    static Map<Integer, List<Rec>> landed(String coreBootstrap, String site) {
        Map<Integer, List<Rec>> out = new TreeMap<>();
        readAll(coreBootstrap, TopicNames.landing(site, STREAM), PARTITIONS).forEach((p, rs) ->
                out.put(p, rs.stream().map(r -> new Rec(p, Long.parseLong(header(r, SyncHeaders.EDGE_OFFSET)),
                        str(r.key()), str(r.value()), header(r, SyncHeaders.CE_ID))).toList()));
        return out;
    }

    /** Union of two reads of the curated log (the later one may miss records freed meanwhile), in offset order. */
    static Map<Integer, List<Rec>> merge(Map<Integer, List<Rec>> a, Map<Integer, List<Rec>> b) {
        Map<Integer, List<Rec>> out = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            Map<Long, Rec> byOffset = new TreeMap<>();
            a.getOrDefault(p, List.of()).forEach(r -> byOffset.put(r.edgeOffset(), r));
            b.getOrDefault(p, List.of()).forEach(r -> byOffset.put(r.edgeOffset(), r));
            out.put(p, List.copyOf(byOffset.values()));
        }
        return out;
    }

    static int count(Map<Integer, List<Rec>> m) {
        return m.values().stream().mapToInt(List::size).sum();
    }

    /** Latest committed checkpoint per partition at the centre. */
    static Map<Integer, Checkpoint> checkpoints(String coreBootstrap, String site) {
        Map<Integer, Checkpoint> out = new TreeMap<>();
        readAll(coreBootstrap, TopicNames.checkpoints(site), 1).get(0)
                .forEach(r -> {
                    Checkpoint c = Checkpoint.decode(r.key(), r.value());
                    out.put(c.partition(), c);
                });
        return out;
    }

    static Map<TopicPartition, Long> logStartOffsets(String bootstrap, String topic, int partitions) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            return c.beginningOffsets(tps);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : str(h.value());
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Kafka client threads alive now (network threads of producers, admins and consumers). */
    static long kafkaClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("kafka-producer-network-thread") || n.startsWith("kafka-admin-client-thread")
                        || n.startsWith("consumer_background_thread") || n.contains("heartbeat"))
                .count();
    }
}
