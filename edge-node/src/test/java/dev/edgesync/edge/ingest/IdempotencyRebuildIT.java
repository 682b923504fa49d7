package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.ProblemException;

import dev.edgesync.kafka.DataDirs;
import dev.edgesync.edge.broker.LocalTopics;
import dev.edgesync.edge.config.IngestConfig;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The idempotency index against a real broker and RocksDB: rebuilt from the raw log tail after a
 * crash between the broker's ack and the index write, and safe retries after a failed append.
 */
class IdempotencyRebuildIT {

    private static final Map<String, Integer> STREAMS = Map.of("sales", 2);
    private static final String RAW = "raw.sales";
    private static final Duration WINDOW = Duration.ofDays(7);

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private StateStore store;
    private Producer<byte[], byte[]> producer;
    private EventIngestor ingestor;
    private IdempotencyIndex index;

    @BeforeEach
    void start() {
        broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("broker")).port(0)
                .config(Map.of("log.flush.interval.messages", "1")).build().start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            LocalTopics.ensure(admin, STREAMS);
        }
        producer = new KafkaProducer<>(IngestService.producerConfig(broker.bootstrapServers(), limits(Duration.ofSeconds(1))));
        openIndex(Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (ingestor != null) {
            ingestor.close();
        }
        producer.close(Duration.ofSeconds(5));
        store.close();
        broker.close();
    }

    /** A fresh index and ingestor over the (re)opened store, as after a process restart. */
    private void openIndex(Clock clock) {
        if (ingestor != null) {
            ingestor.close();
        }
        if (store != null) {
            store.close();
        }
        store = StateStore.open(dir.resolve("state"), StateFamilies.all(WINDOW));
        index = new IdempotencyIndex(store);
        ingestor = new EventIngestor(producer, index, new RawLogIndexer(index, WINDOW, clock), this::consumer, STREAMS, 3);
    }

    private Consumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static CloudEvent event(String id) {
        return CloudEventParser.parseStructured(("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/store-042/till/3\","
                + "\"type\":\"com.example.retail.sale\",\"partitionkey\":\"till-03\",\"data\":{\"sku\":\"SKU-1\",\"qty\":1}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private String status(String id) throws Exception {
        return ingestor.ingest("sales", List.of(event(id)), Duration.ofSeconds(10)).results().get(0).status();
    }

    private long recordsWithId(String id) {
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            return log.withId(RAW, Map.of(), id).size();
        }
    }

    private Map<TopicPartition, Long> ends() {
        try (RawLog log = new RawLog(broker.bootstrapServers())) {
            return log.endOffsets(List.of(RAW));
        }
    }

    @Test
    void aDamagedRawBatchIsSkippedByTheRebuildInsteadOfFailingIt() throws Exception {
        int partition = -1;
        for (int i = 0; i < 5; i++) {
            // One send at a time: one batch each.
            partition = producer.send(KafkaBinding.toRecord(RAW, event("d" + i))).get().partition();
        }
        ingestor.close();
        ingestor = null;
        store.close();
        store = null;
        broker.close();
        dev.edgesync.edge.broker.SegmentDamage.Batch damaged = dev.edgesync.edge.broker.SegmentDamage.flipInBatch(
                dir.resolve("broker").resolve("kafka-logs").resolve(RAW + "-" + partition), 2);
        broker.start();

        openIndex(Clock.systemUTC());
        RawLogIndexer.Stats stats = ingestor.rebuildIndex(Duration.ofSeconds(30));

        assertThat(damaged.nextOffset() - damaged.baseOffset()).isEqualTo(1);
        assertThat(stats.pairsIndexed()).isEqualTo(4);
        for (int i = 0; i < 5; i++) {
            assertThat(index.contains(new EventKey("sales", "/store-042/till/3", "d" + i))).as("d%d indexed", i).isEqualTo(i != 2);
        }
        ends().forEach((tp, end) -> assertThat(index.mark(tp)).as("mark of %s", tp).hasValue(end));
    }

    @Test
    void crashBetweenAckAndIndexWriteIsRepairedByTheRebuild() throws Exception {
        ingestor.rebuildIndex(Duration.ofSeconds(30));
        assertThat(status("a")).isEqualTo(IngestResult.ACCEPTED);
        // The crash: the broker acked "b", the process died before the index write.
        producer.send(KafkaBinding.toRecord(RAW, event("b"))).get();

        openIndex(Clock.systemUTC());
        assertThat(index.contains(new EventKey("sales", "/store-042/till/3", "b"))).isFalse();
        RawLogIndexer.Stats stats = ingestor.rebuildIndex(Duration.ofSeconds(30));

        assertThat(stats.recordsRead()).as("only the tail above the marks is read").isEqualTo(1);
        assertThat(stats.pairsIndexed()).isEqualTo(1);
        ends().forEach((tp, end) -> assertThat(index.mark(tp)).as("mark of %s", tp).hasValue(end));
        assertThat(status("b")).isEqualTo(IngestResult.DUPLICATE);
        assertThat(status("a")).isEqualTo(IngestResult.DUPLICATE);
        assertThat(recordsWithId("a")).isEqualTo(1);
        assertThat(recordsWithId("b")).isEqualTo(1);
    }

    @Test
    void rebuildWithoutMarksReadsTheWholeLogAndSkipsRecordsOlderThanTheWindow() throws Exception {
        for (String id : List.of("x", "y", "z")) {
            producer.send(KafkaBinding.toRecord(RAW, event(id))).get();
        }
        openIndex(Clock.offset(Clock.systemUTC(), WINDOW.plusDays(1)));
        assertThat(ingestor.rebuildIndex(Duration.ofSeconds(30)).pairsIndexed()).isZero();

        store.close();
        // The marks moved to the end, so a fresh store (state dir lost) is what reads from the beginning.
        Path fresh = dir.resolve("state");
        DataDirs.deleteRecursively(fresh);
        store = null;
        openIndex(Clock.systemUTC());
        RawLogIndexer.Stats stats = ingestor.rebuildIndex(Duration.ofSeconds(30));
        assertThat(stats.recordsRead()).isEqualTo(3);
        assertThat(stats.pairsIndexed()).isEqualTo(3);
        assertThat(status("y")).isEqualTo(IngestResult.DUPLICATE);
        assertThat(recordsWithId("y")).isEqualTo(1);
    }

    @Test
    void appendThatTimesOutAnswers503AndTheRetryAppendsOnce() throws Exception {
        ingestor.rebuildIndex(Duration.ofSeconds(30));
        assertThat(status("warm")).isEqualTo(IngestResult.ACCEPTED);
        broker.close();
        assertThatThrownBy(() -> ingestor.ingest("sales", List.of(event("during-outage")), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).hasValue(3);
                });
        broker.start();
        // The client retries until the edge takes it; whether the first try reached the log or not,
        // the event ends up there exactly once.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreException(ProblemException.class)
                .until(() -> ingestor.ingest("sales", List.of(event("during-outage")), Duration.ofSeconds(5)).results().get(0).status(),
                        s -> s.equals(IngestResult.ACCEPTED) || s.equals(IngestResult.DUPLICATE));
        assertThat(recordsWithId("during-outage")).isEqualTo(1);
        assertThat(status("during-outage")).isEqualTo(IngestResult.DUPLICATE);
        assertThat(recordsWithId("during-outage")).isEqualTo(1);
    }

    @Test
    void unknownStreamIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> ingestor.ingest("returns", List.of(event("r")), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
    }

    private static IngestConfig limits(Duration appendTimeout) {
        return new IngestConfig() {
            public int maxBodyBytes() {
                return 1 << 20;
            }

            public int maxBatchEvents() {
                return 1000;
            }

            public Duration appendTimeout() {
                return appendTimeout;
            }

            public Duration dedupWindow() {
                return WINDOW;
            }

            public int retryAfterSeconds() {
                return 3;
            }

            public Duration rebuildTimeout() {
                return Duration.ofSeconds(30);
            }

            public Duration maxTimeAhead() {
                return Duration.ofDays(1);
            }

            public java.util.OptionalLong maxInflightBytes() {
                return java.util.OptionalLong.empty();
            }

            public Duration bodyTimeout() {
                return Duration.ofSeconds(30);
            }
        };
    }
}
