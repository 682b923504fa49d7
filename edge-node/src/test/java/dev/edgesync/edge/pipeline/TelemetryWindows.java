package dev.edgesync.edge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgesync.edge.pipeline.process.Events;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * What the telemetry aggregate (1m windows, 5s grace, per sensor) must emit for the first n sample readings,
 * computed straight from the sample, and the assertion that curated.telemetry holds exactly that.
 */
final class TelemetryWindows {

    static final long WINDOW = 60_000;
    static final long GRACE = 5_000;
    static final ObjectMapper JSON = new ObjectMapper();
    /** Readings in the first part: the last one is at 07:01:58, inside the 07:01 window (closed at 07:02:05). */
    static final int MID_WINDOW = 213;

    private TelemetryWindows() {
    }

    /** The sample readings; reading {@code crashAt} (if >= 0) carries the crashOnce marker. */
    static List<JsonNode> readings(int crashAt) {
        List<JsonNode> r = Events.load("pipeline/telemetry.jsonl");
        if (crashAt >= 0) {
            ((ObjectNode) r.get(crashAt).get("data")).put("crashOnce", true);
        }
        return r;
    }

    /** "partition/sensor/windowStart" -> [count, celsius sum, kwh sum] of windows closed after the first n readings. */
    static Map<String, double[]> closed(List<JsonNode> readings, int n) {
        Map<Integer, Long> streamTime = new HashMap<>();
        Map<String, double[]> all = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            JsonNode ce = readings.get(i);
            int p = SampleEvents.partition(ce);
            long t = Instant.parse(ce.get("time").asText()).toEpochMilli();
            streamTime.merge(p, t, Math::max);
            long start = Math.floorDiv(t, WINDOW) * WINDOW;
            double[] v = all.computeIfAbsent(p + "/" + ce.get("partitionkey").asText() + "/" + start, k -> new double[3]);
            v[0]++;
            v[1] += ce.get("data").path("celsius").asDouble(0);
            v[2] += ce.get("data").path("kwh").asDouble(0);
        }
        all.keySet().removeIf(k -> {
            String[] parts = k.split("/");
            return Long.parseLong(parts[2]) + WINDOW + GRACE > streamTime.get(Integer.parseInt(parts[0]));
        });
        return all;
    }

    /**
     * Writes readings {@code from} to {@code to} (exclusive) and waits until curated.telemetry holds exactly the
     * windows closed after the first {@code to} readings; returns those windows.
     */
    static Map<String, double[]> writeAndAwaitClosed(String bootstrap, List<JsonNode> readings, int from, int to) {
        SampleEvents.write(bootstrap, "telemetry", readings.subList(from, to));
        Map<String, double[]> expected = closed(readings, to);
        assertThat(expected).isNotEmpty();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> SampleEvents.count(bootstrap, "curated.telemetry") >= expected.size());
        assertExactly(bootstrap, expected);
        return expected;
    }

    /** curated.telemetry holds exactly {@code expected}: each window once, exact count and sums, in window order. */
    static void assertExactly(String bootstrap, Map<String, double[]> expected) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> curated = SampleEvents.read(bootstrap, "curated.telemetry");
        Set<String> seen = new HashSet<>();
        Set<String> ids = new HashSet<>();
        curated.forEach((p, records) -> {
            List<Long> starts = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                JsonNode w = tree(r.value());
                long start = Instant.parse(w.get("windowStart").asText()).toEpochMilli();
                String k = p + "/" + w.get("key").asText() + "/" + start;
                assertThat(seen.add(k)).as("window %s emitted once", k).isTrue();
                assertThat(ids.add(RawEvents.header(r, "ce_id"))).as("id of %s unique", k).isTrue();
                double[] e = expected.get(k);
                assertThat(e).as("window %s expected", k).isNotNull();
                assertThat(w.get("count").asLong()).as("count of %s", k).isEqualTo((long) e[0]);
                assertThat(w.path("celsius").path("sum").asDouble(0)).as("celsius sum of %s", k).isCloseTo(e[1], within(1e-6));
                assertThat(w.path("kwh").path("sum").asDouble(0)).as("kwh sum of %s", k).isCloseTo(e[2], within(1e-6));
                assertThat(RawEvents.header(r, "ce_type")).isEqualTo("com.example.retail.reading.minute");
                assertThat(RawEvents.header(r, "ce_source")).isEqualTo("/test-site/edge/aggregate/telemetry");
                assertThat(new String(r.key())).isEqualTo(w.get("key").asText());
                starts.add(start);
            }
            assertThat(starts).as("windows of partition %d in order", p).isSorted();
        });
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    static JsonNode tree(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
