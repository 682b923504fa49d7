package dev.edgesync.edge.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.edge.pipeline.process.Events;
import dev.edgesync.edge.pipeline.process.Verdict;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Window math and the exactly-once contract of the window store, with a real RocksDB and an in-memory changelog
 * that only keeps what a "transaction" committed: restarts, aborts and crashes between the Kafka commit and the
 * RocksDB write give the same results as an uninterrupted run.
 */
class AggregatorTest {

    static final AggregateSpec SPEC = new AggregateSpec("telemetry", 60_000, 5_000, Optional.empty(),
            List.of("celsius", "kwh"), Set.of("count", "sum", "min", "max", "avg"), "telemetry", "com.example.reading.minute");

    /** A changelog holding committed records only, per partition, in order. */
    static final class MemoryChangelog implements ChangelogSource {
        final Map<Integer, List<WindowStore.Change>> log = new HashMap<>();

        void append(List<WindowStore.Change> changes) {
            changes.forEach(c -> log.computeIfAbsent(c.partition(), p -> new ArrayList<>()).add(c));
        }

        @Override
        public void readAll(String topic, int partition, BiConsumer<byte[], byte[]> visitor) {
            log.getOrDefault(partition, List.of()).forEach(c -> visitor.accept(c.key(), c.value()));
        }
    }

    @TempDir
    Path dir;
    StateStore store;
    final MemoryChangelog changelog = new MemoryChangelog();
    final List<JsonNode> readings = Events.load("pipeline/telemetry.jsonl");

    @BeforeEach
    void open() {
        store = StateStore.open(dir.resolve("state"), StateFamilies.all(Duration.ofDays(1)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Aggregator aggregator() {
        return new Aggregator(SPEC, new WindowStore(store, "telemetry", "_windows.telemetry", changelog), "store-042");
    }

    /** Feeds events [from, to) in batches of {@code batch}, committing each; returns the outputs, in order. */
    private List<JsonNode> run(Aggregator a, int from, int to, int batch) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = from; i < to; i += batch) {
            out.addAll(feed(a, i, Math.min(to, i + batch)));
            changelog.append(a.store().pendingChangelog());
            a.store().commit();
        }
        return out;
    }

    private List<JsonNode> feed(Aggregator a, int from, int to) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Aggregator.Result r = a.accept(Events.binary(readings.get(i), 0));
            assertThat(r.verdict()).isEqualTo(Verdict.CONTINUE);
            for (Aggregator.Output o : r.outputs()) {
                JsonNode n = Events.tree(new dev.edgesync.edge.pipeline.process.PipelineEvent(0, 0, null, o.value(), o.headers()));
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_id",
                        new String(o.headers().lastHeader("ce_id").value()));
                out.add(n);
            }
        }
        return out;
    }

    /** Expected results computed straight from the sample: key -> window start -> [count, celsius sum, kwh sum]. */
    private Map<String, double[]> expected(int n) {
        Map<String, double[]> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            JsonNode ce = readings.get(i);
            long t = Instant.parse(ce.get("time").asText()).toEpochMilli();
            String k = ce.get("partitionkey").asText() + "@" + Instant.ofEpochMilli(SPEC.windowStart(t));
            double[] v = m.computeIfAbsent(k, x -> new double[3]);
            v[0]++;
            v[1] += ce.get("data").path("celsius").asDouble(0);
            v[2] += ce.get("data").path("kwh").asDouble(0);
        }
        return m;
    }

    private static String id(JsonNode out) {
        return out.get("key").asText() + "@" + out.get("windowStart").asText();
    }

    @Test
    void anEventFarAheadOfTheBoxClockIsKeptOutOfTheWindowsSoLaterEventsAreNotLate() {
        long now = Instant.parse(readings.get(0).get("time").asText()).toEpochMilli();
        Aggregator a = new Aggregator(SPEC, new WindowStore(store, "telemetry", "_windows.telemetry", changelog),
                "store-042", () -> now);
        com.fasterxml.jackson.databind.node.ObjectNode poison = readings.get(0).deepCopy();
        poison.put("time", "9999-12-31T23:59:59Z");
        Aggregator.Result r = a.accept(Events.binary(poison, 0));
        assertThat(r.ahead()).isTrue();
        assertThat(r.verdict()).isInstanceOf(Verdict.Reject.class);
        assertThat(((Verdict.Reject) r.verdict()).reason()).contains("9999-12-31", "max-ahead");
        assertThat(a.store().streamTime(0)).as("stream time untouched").isEqualTo(Long.MIN_VALUE);
        com.fasterxml.jackson.databind.node.ObjectNode nearFuture = readings.get(0).deepCopy();
        nearFuture.put("time", Instant.ofEpochMilli(now + SPEC.maxAheadMs() + 1).toString());
        assertThat(a.accept(Events.binary(nearFuture, 0)).ahead()).as("just past max-ahead").isTrue();
        nearFuture.put("time", Instant.ofEpochMilli(now + SPEC.maxAheadMs()).toString());
        assertThat(a.accept(Events.binary(nearFuture, 0)).ahead()).as("at max-ahead").isFalse();
        a.abort();

        // Every event of the sample after the poisoned one still lands in its window.
        Aggregator b = new Aggregator(SPEC, new WindowStore(store, "telemetry", "_windows.telemetry", changelog),
                "store-042", () -> now);
        assertThat(b.accept(Events.binary(poison, 0)).ahead()).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(b.accept(Events.binary(readings.get(i), 0)).verdict()).isEqualTo(Verdict.CONTINUE);
        }
    }

    @Test
    void windowsCloseAfterGraceWithExactCountsAndSums() {
        List<JsonNode> out = run(aggregator(), 0, readings.size(), 100);
        Map<String, double[]> expected = expected(readings.size());
        // The sample spans 07:00:00.6 .. 07:04:38.6: windows 07:00 .. 07:03 closed, 07:04 still open.
        assertThat(out).isNotEmpty().allSatisfy(o -> assertThat(o.get("windowStart").asText()).isLessThan("2026-11-23T07:04"));
        Map<String, double[]> closed = new TreeMap<>(expected);
        closed.keySet().removeIf(k -> k.endsWith("07:04:00Z"));
        assertThat(out).hasSize(closed.size());
        for (JsonNode o : out) {
            double[] e = closed.get(id(o));
            assertThat(o.get("count").asLong()).as(id(o)).isEqualTo((long) e[0]);
            assertThat(o.path("celsius").path("sum").asDouble(0) + o.path("kwh").path("sum").asDouble(0))
                    .as(id(o)).isCloseTo(e[1] + e[2], within(1e-9));
            if (o.has("celsius")) {
                assertThat(o.get("celsius").get("avg").asDouble()).isCloseTo(
                        o.get("celsius").get("sum").asDouble() / o.get("celsius").get("count").asLong(), within(1e-12));
                assertThat(o.get("celsius").get("min").asDouble()).isLessThanOrEqualTo(o.get("celsius").get("max").asDouble());
            } else {
                assertThat(o.get("kwh").get("count").asLong()).as("a meter's window has kwh only").isEqualTo(o.get("count").asLong());
            }
        }
        // Closed in window order, each once.
        assertThat(out.stream().map(o -> o.get("windowStart").asText()).toList()).isSorted();
        assertThat(out.stream().map(AggregatorTest::id).distinct().count()).isEqualTo(out.size());
    }

    @Test
    void batchingDoesNotChangeTheResultsNorTheirIds() {
        List<JsonNode> big = run(aggregator(), 0, readings.size(), 480);
        store.close();
        changelog.log.clear();
        store = StateStore.open(dir.resolve("state2"), StateFamilies.all(Duration.ofDays(1)));
        List<JsonNode> small = run(aggregator(), 0, readings.size(), 7);
        assertThat(small).isEqualTo(big);
    }

    @Test
    void aRestartMidWindowWithAWipedRocksDbRestoresFromTheChangelog() {
        List<JsonNode> reference = run(aggregator(), 0, readings.size(), 50);
        store.close();
        changelog.log.clear();
        store = StateStore.open(dir.resolve("a"), StateFamilies.all(Duration.ofDays(1)));
        // 213 readings: mid-way through a window (07:02).
        List<JsonNode> out = new ArrayList<>(run(aggregator(), 0, 213, 50));
        store.close();
        // The materialised store is lost; only the changelog survives: a new process on an empty RocksDB.
        store = StateStore.open(dir.resolve("b"), StateFamilies.all(Duration.ofDays(1)));
        out.addAll(run(aggregator(), 213, readings.size(), 50));
        assertThat(out).isEqualTo(reference);
    }

    @Test
    void anAbortedBatchIsForgottenAndProcessedAgainWithTheSameResult() {
        List<JsonNode> reference = run(aggregator(), 0, readings.size(), 60);
        store.close();
        changelog.log.clear();
        store = StateStore.open(dir.resolve("a"), StateFamilies.all(Duration.ofDays(1)));
        Aggregator a = aggregator();
        List<JsonNode> out = new ArrayList<>(run(a, 0, 120, 60));
        feed(a, 120, 180); // the transaction of this batch aborts: nothing reaches the changelog or RocksDB
        a.abort();
        out.addAll(run(a, 120, readings.size(), 60));
        assertThat(out).isEqualTo(reference);
    }

    @Test
    void aCrashAfterTheKafkaCommitButBeforeTheRocksDbWriteLosesNothing() {
        List<JsonNode> reference = run(aggregator(), 0, readings.size(), 40);
        store.close();
        changelog.log.clear();
        store = StateStore.open(dir.resolve("a"), StateFamilies.all(Duration.ofDays(1)));
        Aggregator a = aggregator();
        List<JsonNode> out = new ArrayList<>(run(a, 0, 200, 40));
        out.addAll(feed(a, 200, 240));
        changelog.append(a.store().pendingChangelog()); // committed in Kafka ...
        // ... and the process dies before store.commit(): RocksDB is one batch behind.
        out.addAll(run(aggregator(), 240, readings.size(), 40));
        assertThat(out).isEqualTo(reference);
    }

    @Test
    void aCrashAfterTheRocksDbWriteButWithTheKafkaTransactionAbortedCountsNothingTwice() {
        List<JsonNode> reference = run(aggregator(), 0, readings.size(), 40);
        store.close();
        changelog.log.clear();
        store = StateStore.open(dir.resolve("a"), StateFamilies.all(Duration.ofDays(1)));
        Aggregator a = aggregator();
        List<JsonNode> out = new ArrayList<>(run(a, 0, 200, 40));
        feed(a, 200, 240);
        a.store().commit(); // RocksDB ahead of Kafka, whose transaction then aborts: the batch comes again
        out.addAll(run(aggregator(), 200, readings.size(), 40));
        assertThat(out).isEqualTo(reference);
    }

    @Test
    void aLateEventIsDroppedAndDoesNotReopenItsWindow() throws IOException {
        Aggregator a = aggregator();
        String early = "{\"sensor\":\"s\",\"celsius\":1.0}";
        a.accept(at("2026-11-23T07:00:10Z", early));
        assertThat(a.accept(at("2026-11-23T07:01:04Z", early)).outputs()).isEmpty(); // within grace
        assertThat(a.accept(at("2026-11-23T07:00:50Z", early)).verdict()).isEqualTo(Verdict.CONTINUE);
        Aggregator.Result close = a.accept(at("2026-11-23T07:01:05Z", early));
        assertThat(close.outputs()).hasSize(1);
        JsonNode w = Events.JSON.readTree(close.outputs().get(0).value());
        assertThat(w.get("count").asLong()).isEqualTo(2);
        assertThat(w.get("windowEnd").asText()).isEqualTo("2026-11-23T07:01:00Z");
        assertThat(a.accept(at("2026-11-23T07:00:59Z", early)).verdict()).isInstanceOf(Verdict.Drop.class);
    }

    private static dev.edgesync.edge.pipeline.process.PipelineEvent at(String time, String data) {
        var h = new org.apache.kafka.common.header.internals.RecordHeaders();
        h.add("ce_time", time.getBytes());
        return new dev.edgesync.edge.pipeline.process.PipelineEvent(0, 0, "s".getBytes(), data.getBytes(), h);
    }
}
