package dev.edgesync.edge.sync;

import dev.edgesync.edge.link.CoreClients;
import dev.edgesync.edge.stream.StreamPartition;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Client settings of the uplink: its producers toward the centre (on top of the shared {@link CoreClients}), and its
 * clients of the local broker.
 */
public final class UplinkClients {

    private final UplinkSettings s;
    private final CoreClients core;

    public UplinkClients(UplinkSettings settings) {
        this.s = settings;
        this.core = new CoreClients(settings.link());
    }

    /** Transactional, idempotent producer of one (stream, partition), tuned for throughput. */
    public KafkaProducer<byte[], byte[]> producer(StreamPartition sp) {
        return new KafkaProducer<>(producerConfig(sp), new ByteArraySerializer(), new ByteArraySerializer());
    }

    Map<String, Object> producerConfig(StreamPartition sp) {
        long request = s.requestTimeout().toMillis();
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compression());
        c.put(ProducerConfig.LINGER_MS_CONFIG, (int) s.linger().toMillis());
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, s.batchBytes());
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(16L << 20, 4L * s.batchBytes()));
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, s.batchBytes()));
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, request);
        // Must cover linger + one request; two requests leave room for one retry on a flaky link.
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * request + s.linger().toMillis()));
        c.putAll(core.common());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "uplink-" + sp.transactionalId(s.site()));
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, sp.transactionalId(s.site()));
        c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) s.transactionTimeout().toMillis());
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        // The next transaction's first write is refused (CONCURRENT_TRANSACTIONS) until the previous commit's
        // markers are written; the default 100 ms retry backoff was most of a ship's latency at low rates.
        // Real errors still back off exponentially up to retry.backoff.max.ms.
        c.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        return c;
    }

    /** Plain producer of heartbeats: not transactional (a heartbeat is a fact of its moment, not data). */
    public KafkaProducer<byte[], byte[]> heartbeatProducer() {
        long request = s.requestTimeout().toMillis();
        Map<String, Object> c = new HashMap<>(core.common());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "uplink-" + s.site() + "-heartbeats");
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, request);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * request));
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** read_committed consumer of the centre, manually assigned, without a group. */
    public KafkaConsumer<byte[], byte[]> consumer(String purpose) {
        return core.consumer(purpose);
    }

    public Admin admin() {
        return core.admin();
    }

    /** read_committed consumer of the local curated topics: manual assignment, no group commits. */
    public KafkaConsumer<byte[], byte[]> localConsumer() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.localBootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "uplink-local-" + s.site());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Enough per poll to fill several partitions' queues at once (they hold 2 x max-batch-records each).
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(2_000, 4 * s.maxBatchRecords()));
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(1 << 20, s.batchBytes()));
        // A critical record committed to curated must not wait for a long fetch on idle partitions.
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
