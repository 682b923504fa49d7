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
    private final Duration warmup;
    private final Duration duration;
    private final Events events = new Events();

    /**
     * @param warmup posted at the same rate first and not counted: the three JVMs (edge, centre, this one) compile
     *               their hot paths for about a minute after start, and on 2 cores that compilation, not our code,
     *               is what an event waits for then. A store box runs for months; the figure is its steady state.
     */
    LatencyBench(Path work, int rate, Duration warmup, Duration duration) {
        this.work = work;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
    }

    void run(Report report) throws Exception {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Long> curated = new ConcurrentHashMap<>();
        Map<String, Long> landed = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        // {wall ns, edge CPU ms, centre CPU ms} when the measured part starts and ends
        long[] cpuAtStart = null;
        long[] cpuAtEnd = null;
        try (Topology t = Topology.fromBuild(work.resolve("latency"), "bench-lat")) {
            // The edge as the box runs it (the packaged launcher's JVM settings); the centre with the harness's.
            t.edge().jvmOptions(IngestBench.RECOMMENDED_JVM).environment(Map.of("MALLOC_ARENA_MAX", "2"));
            t.startCore().startEdge();
            AtomicBoolean consuming = new AtomicBoolean(true);
            // One watcher per hop, so the report can say which hop the time goes to.
            List<Thread> watchers = List.of(
                    watch(t.edgeBootstrap(), "curated\\..*", curated, consuming),
                    watch(t.coreBootstrap(), "landing\\.bench-lat\\.[a-z].*", landed, consuming),
                    watch(t.coreBootstrap(), "analytics\\..*", arrived, consuming));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int warmupEvents = (int) (rate * warmup.toSeconds());
            int total = warmupEvents + (int) (rate * duration.toSeconds());
            List<Events.Prepared> list = events.take(total);
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                Pace.awaitDue(start, i, rate);
                if (i == warmupEvents) {
                    cpuAtStart = new long[] {System.nanoTime(), Procs.cpuMillis(t.edge().pid()), Procs.cpuMillis(t.core().pid())};
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
            cpuAtEnd = new long[] {System.nanoTime(), Procs.cpuMillis(t.edge().pid()), Procs.cpuMillis(t.core().pid())};
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !arrived.keySet().containsAll(acked.keySet())) {
                Thread.sleep(100);
            }
            consuming.set(false);
            for (Thread w : watchers) {
                w.join(10_000);
            }
        }
        long warmupEvents = rate * warmup.toSeconds();
        List<Long> lat = new ArrayList<>();
        List<Long> toCurated = new ArrayList<>();
        List<Long> toLanding = new ArrayList<>();
        List<Long> toAnalytics = new ArrayList<>();
        int missing = 0;
        int i = 0;
        for (Map.Entry<String, Long> e : acked.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList()) {
            if (i++ < warmupEvents) {
                continue;
            }
            Long a = arrived.get(e.getKey());
            if (a == null) {
                missing++;
                continue;
            }
            long ack = e.getValue();
            lat.add(Math.max(0, a - ack) / 1_000_000);
            Long c = curated.get(e.getKey());
            Long l = landed.get(e.getKey());
            if (c != null && l != null) {
                toCurated.add(Math.max(0, c - ack) / 1_000_000);
                toLanding.add(Math.max(0, l - c) / 1_000_000);
                toAnalytics.add(Math.max(0, a - l) / 1_000_000);
            }
        }
        Collections.sort(lat);
        Collections.sort(toCurated);
        Collections.sort(toLanding);
        Collections.sort(toAnalytics);
        report.section("4. Online latency (POST 202 → centre analytics topic)");
        report.line(String.format("Real core-ingest and edge-node processes (the e2e `Topology`, link through a pass-through `FaultProxy`; the edge with the recommended JVM settings of section 5, the centre with `-Xmx512m -XX:+UseSerialGC`)."
                + " One client posts single structured events at %d events/s for %d s; a read_committed consumer on `analytics.*`"
                + " at the centre notes each event's arrival (by `ce_id`). Before them, %d s at the same rate warm the"
                + " processes up and are not counted: in its first minute each JVM compiles its hot paths (the edge's"
                + " compiler threads used ~45 s of CPU in its first 50 s in a profiled run), which on 2 cores shared by three"
                + " JVMs is what an event waits for; a store box runs for months, so the steady state is the figure.",
                rate, duration.toSeconds(), warmup.toSeconds()));
        report.line("");
        if (lat.isEmpty()) {
            report.line("No event arrived: not measured (see logs under the bench work dir).");
        } else {
            report.row("events measured", "p50", "p90", "p99", "max", "not arrived within 60 s", "target");
            report.row("---", "---", "---", "---", "---", "---", "---");
            report.row(String.valueOf(lat.size()), pct(lat, 50) + " ms", pct(lat, 90) + " ms", pct(lat, 99) + " ms",
                    lat.get(lat.size() - 1) + " ms", String.valueOf(missing), "p99 ≤ 200 ms");
            if (!toCurated.isEmpty()) {
                report.line("");
                report.line("Per hop (each hop's output watched by its own read_committed consumer; an event's hop time is the"
                        + " difference of its arrival times at the two ends):");
                report.line("");
                report.row("hop", "p50", "p90", "p99", "max");
                report.row("---", "---", "---", "---", "---");
                hop(report, "202 → edge `curated.*` (pipeline transaction)", toCurated);
                hop(report, "`curated.*` → centre `landing.*` (uplink transaction over the link)", toLanding);
                hop(report, "`landing.*` → `analytics.*` (core relay transaction)", toAnalytics);
            }
        }
        if (cpuAtStart != null && cpuAtEnd != null) {
            double wall = (cpuAtEnd[0] - cpuAtStart[0]) / 1e6;
            report.line("");
            report.line(String.format("CPU used while measured (share of one core): edge-node %.0f %%, core-ingest %.0f %%.",
                    100 * (cpuAtEnd[1] - cpuAtStart[1]) / wall, 100 * (cpuAtEnd[2] - cpuAtStart[2]) / wall));
        }
        report.line("");
        List<Long> base = new TransactionalHops(work.resolve("latency-baseline"), 3, rate, duration).warmup(warmup).run();
        report.line(String.format("Baseline, same run: the same shape written with bare Kafka clients — an acked produce, then three"
                + " consume-transform-produce hops, each one transaction per polled batch with its offsets, read_committed — on one"
                + " embedded broker that fsyncs every append, %d events/s for %d s after %d s of warm-up.", rate,
                duration.toSeconds(), warmup.toSeconds()));
        report.line("");
        if (base.isEmpty() || lat.isEmpty()) {
            report.line("Baseline: no event arrived; not measured.");
        } else {
            report.row("", "p50", "p90", "p99", "max");
            report.row("---", "---", "---", "---", "---");
            report.row("3 bare transactional hops", pct(base, 50) + " ms", pct(base, 90) + " ms", pct(base, 99) + " ms",
                    base.get(base.size() - 1) + " ms");
            report.row("**ratio edgesync / bare hops**", Report.ratio(pct(lat, 50), pct(base, 50)), Report.ratio(pct(lat, 90), pct(base, 90)),
                    Report.ratio(pct(lat, 99), pct(base, 99)), "");
        }
        report.line("");
    }

    private static void hop(Report report, String name, List<Long> sorted) {
        report.row(name, pct(sorted, 50) + " ms", pct(sorted, 90) + " ms", pct(sorted, 99) + " ms",
                sorted.get(sorted.size() - 1) + " ms");
    }

    private static Thread watch(String bootstrap, String pattern, Map<String, Long> arrived, AtomicBoolean running) {
        Thread w = new Thread(() -> consume(bootstrap, pattern, arrived, running), "watch-" + pattern);
        w.setDaemon(true);
        w.start();
        return w;
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void consume(String bootstrap, String pattern, Map<String, Long> arrived, AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + pattern.hashCode());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(Pattern.compile(pattern));
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
