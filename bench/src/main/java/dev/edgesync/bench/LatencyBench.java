package dev.edgesync.bench;

import dev.edgesync.e2e.Topology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/** Online latency: from the 202 of a POST to the event's arrival in the centre's analytics topic (real edge + core). */
final class LatencyBench {

    private final Path work;
    private final int rate;
    private final Duration duration;
    private final Events events = new Events();

    LatencyBench(Path work, int rate, Duration duration) {
        this.work = work;
        this.rate = rate;
        this.duration = duration;
    }

    void run(Report report) throws Exception {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        try (Topology t = Topology.fromBuild(work.resolve("latency"), "bench-lat")) {
            t.startCore().startEdge();
            AtomicBoolean consuming = new AtomicBoolean(true);
            Thread consumer = new Thread(() -> consume(t.coreBootstrap(), arrived, consuming));
            consumer.setDaemon(true);
            consumer.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int total = (int) (rate * duration.toSeconds());
            List<Events.Prepared> list = events.take(total);
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Events.Prepared e = list.get(i);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(t.edgeUri().resolve("/v1/streams/" + e.stream() + "/events"))
                        .header("Content-Type", "application/cloudevents+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(e.json())).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 202) {
                    throw new IllegalStateException("edge answered " + r.statusCode() + ": " + r.body());
                }
                acked.put(e.id(), System.nanoTime());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !arrived.keySet().containsAll(acked.keySet())) {
                Thread.sleep(100);
            }
            consuming.set(false);
            consumer.join(10_000);
        }
        // Skip the first 5 s: the first transactions also open the uplink's and the relay's producers.
        long warmup = Math.min(acked.size() / 2, rate * 5L);
        List<Long> lat = new ArrayList<>();
        int missing = 0;
        int i = 0;
        for (Map.Entry<String, Long> e : acked.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList()) {
            if (i++ < warmup) {
                continue;
            }
            Long a = arrived.get(e.getKey());
            if (a == null) {
                missing++;
            } else {
                lat.add(Math.max(0, a - e.getValue()) / 1_000_000);
            }
        }
        Collections.sort(lat);
        report.section("4. Online latency (POST 202 → centre analytics topic)");
        report.line(String.format("Real core-ingest and edge-node processes (the e2e `Topology`, link through a pass-through `FaultProxy`)."
                + " One client posts single structured events at %d events/s for %d s; a read_committed consumer on `analytics.*`"
                + " at the centre notes each event's arrival (by `ce_id`). The first %d events are warm-up and not counted.",
                rate, duration.toSeconds(), warmup));
        report.line("");
        if (lat.isEmpty()) {
            report.line("No event arrived: not measured (see logs under the bench work dir).");
        } else {
            report.row("events measured", "p50", "p90", "p99", "max", "not arrived within 60 s", "target");
            report.row("---", "---", "---", "---", "---", "---", "---");
            report.row(String.valueOf(lat.size()), pct(lat, 50) + " ms", pct(lat, 90) + " ms", pct(lat, 99) + " ms",
                    lat.get(lat.size() - 1) + " ms", String.valueOf(missing), "p99 ≤ 200 ms");
        }
        report.line("");
        report.line("Baseline: not yet measured (a same-run raw producer→consumer hop on the centre broker would be the natural one).");
        report.line("");
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void consume(String bootstrap, Map<String, Long> arrived, AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(Pattern.compile("analytics\\..*"));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Header id = r.headers().lastHeader("ce_id");
                    if (id != null) {
                        arrived.putIfAbsent(new String(id.value(), StandardCharsets.UTF_8), now);
                    }
                }
            }
        }
    }
}
