package dev.edgesync.edge.ingest;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.IngestConfig;
import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.protocol.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Wires the REST ingest: after the broker and the state store are up, it creates the producer, rebuilds the
 * idempotency index from the raw log tail and only then lets requests in (the boot order runs before the HTTP
 * server starts). At shutdown it stops before the state store and the broker.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** Fixed: any more would buy nothing once a 30 s append timeout passes. */
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final EdgeStateStore state;
    private volatile EventIngestor ingestor;
    private Producer<byte[], byte[]> producer;

    public IngestService(EdgeConfig config, EdgeBroker broker, EdgeStateStore state) {
        this.config = config;
        this.broker = broker;
        this.state = state;
    }

    public void start() throws Exception {
        Map<String, Integer> streams = new TreeMap<>();
        config.streams().forEach((name, s) -> streams.put(name, s.partitions()));
        producer = new KafkaProducer<>(producerConfig(broker.bootstrapServers(), config.ingest()));
        IdempotencyIndex index = new IdempotencyIndex(state.store());
        RawLogIndexer rebuilder = new RawLogIndexer(index, config.ingest().dedupWindow(), Clock.systemUTC());
        EventIngestor ing = new EventIngestor(producer, index, rebuilder, this::newConsumer, streams,
                config.ingest().retryAfterSeconds());
        long t0 = System.nanoTime();
        RawLogIndexer.Stats stats = ing.rebuildIndex(config.ingest().rebuildTimeout());
        LOG.infof("Idempotency index rebuilt from the raw log tail in %d ms: %s; ingest ready for streams %s",
                (System.nanoTime() - t0) / 1_000_000, stats, streams.keySet());
        ingestor = ing;
    }

    public void stop() {
        close();
    }

    synchronized void close() {
        long t0 = System.nanoTime();
        EventIngestor ing = ingestor;
        ingestor = null;
        if (producer != null) {
            // Flushes what is in flight, so acked appends get indexed by the ingestor below.
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
        if (ing != null) {
            ing.close();
        }
        LOG.infof("Ingest stopped in %d ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /** The ingestor, or null while starting or stopping. */
    public EventIngestor ingestor() {
        return ingestor;
    }

    /** Declared streams with partitions and the end offsets of their raw partitions (null if unknown). */
    public List<StreamInfo> streams() {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        config.streams().forEach((name, s) -> {
            for (int p = 0; p < s.partitions(); p++) {
                specs.put(new TopicPartition(TopicNames.raw(name), p), OffsetSpec.latest());
            }
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = Map.of();
        if (ingestor != null) {
            try {
                ends = broker.admin().listOffsets(specs).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warnf("Could not read raw end offsets from the local broker: %s", e.toString());
            }
        }
        List<StreamInfo> out = new ArrayList<>();
        for (Map.Entry<String, StreamConfig> e : new TreeMap<>(config.streams()).entrySet()) {
            String topic = TopicNames.raw(e.getKey());
            List<Long> offsets = new ArrayList<>();
            long total = 0;
            boolean known = !ends.isEmpty();
            for (int p = 0; p < e.getValue().partitions(); p++) {
                ListOffsetsResult.ListOffsetsResultInfo info = ends.get(new TopicPartition(topic, p));
                offsets.add(info == null ? null : info.offset());
                total += info == null ? 0 : info.offset();
                known &= info != null;
            }
            out.add(new StreamInfo(e.getKey(), topic, e.getValue().partitions(), offsets, known ? total : null));
        }
        return out;
    }

    /** One declared stream as {@code GET /v1/streams} shows it. */
    public record StreamInfo(String name, String rawTopic, int partitions, List<Long> rawEndOffsets, Long rawEndOffsetTotal) {
    }

    private Consumer<byte[], byte[]> newConsumer() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "edge-ingest-rebuild");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Producer settings: acked means in the (fsynced) log, no reordering or duplicates on retry. */
    static Map<String, Object> producerConfig(String bootstrap, IngestConfig ingest) {
        long appendMs = ingest.appendTimeout().toMillis();
        int lingerMs = 1;
        int requestMs = (int) Math.min(30_000, Math.max(1_000, appendMs));
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "edge-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // A short linger groups concurrent requests into one produce request: one fsync for all.
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, appendMs + lingerMs + requestMs));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, appendMs);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1_048_576, ingest.maxBodyBytes() + 65_536));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }
}
