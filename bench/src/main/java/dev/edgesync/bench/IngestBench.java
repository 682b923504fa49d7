package dev.edgesync.bench;

import dev.edgesync.e2e.AppProcess;
import dev.edgesync.e2e.Ports;
import dev.edgesync.e2e.Topology;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Ingest throughput through the real edge-node process (REST, 202 = appended and fsynced) against the raw
 * Kafka producer writing the same records into an embedded broker configured as the edge configures its
 * own; plus the edge's footprint (startup, RSS, heap) while it happens.
 */
final class IngestBench {

    /**
     * The packaged launcher's default JVM options, read from it, so the bench measures what a box runs; the
     * system property {@code bench.edge-jvm} replaces them, to compare settings.
     */
    static final List<String> RECOMMENDED_JVM = System.getProperty("bench.edge-jvm") != null
            ? List.of(System.getProperty("bench.edge-jvm").trim().split("\\s+"))
            : dev.edgesync.e2e.Launcher.edgeJvmOptions();

    private final Path work;
    private final Path edgeJar;
    private final int batchEvents;
    private final int singleEvents;
    private final int clients;
    private final Events events = new Events();
    private long brokerStartMs = -1;

    IngestBench(Path work, Path edgeJar, int batchEvents, int singleEvents, int clients) {
        this.work = work;
        this.edgeJar = edgeJar;
        this.batchEvents = batchEvents;
        this.singleEvents = singleEvents;
        this.clients = clients;
    }

    void run(Report report) throws Exception {
        List<Events.Prepared> forBatches = events.take(batchEvents);
        List<Events.Prepared> forSingles = events.take(singleEvents);
        List<Events.Batch> batches = Events.batches(forBatches, 100);
        List<Events.Batch> singles = Events.batches(forSingles, 1);

        // --- a first start writes the class-data-sharing archive at exit (as the packaged launcher does on a box's
        // first run); its ready time is the cold start.
        Path archive = work.resolve("edge-node.jsa");
        List<String> training = new ArrayList<>(RECOMMENDED_JVM);
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        int trainPort = Ports.free();
        AppProcess first = edgeProcess(trainPort, "ingest-first-start", training);
        long c0 = System.nanoTime();
        first.start(Duration.ofSeconds(120));
        long coldReadyMs = (System.nanoTime() - c0) / 1_000_000;
        first.stop(Duration.ofSeconds(60));

        // --- edge-node, real process, no centre configured: everything stays as backlog on the box.
        int httpPort = Ports.free();
        List<String> jvm = new ArrayList<>(RECOMMENDED_JVM);
        boolean withArchive = java.nio.file.Files.isRegularFile(archive);
        if (withArchive) {
            jvm.add("-XX:SharedArchiveFile=" + archive);
        }
        AppProcess edge = edgeProcess(httpPort, "ingest-edge", jvm);
        long t0 = System.nanoTime();
        edge.start(Duration.ofSeconds(120));
        long readyMs = (System.nanoTime() - t0) / 1_000_000;
        long pid = Procs.newestChildPid();
        Thread.sleep(3000);
        long idleRss = Procs.rssMb(pid);
        String idleHeap = Procs.heapUsedMb(httpPort).map(String::valueOf).orElse("?");
        URI base = URI.create("http://127.0.0.1:" + httpPort);

        AtomicLong maxRss = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                maxRss.accumulateAndGet(Procs.rssMb(pid), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double edgeBatch = runClients(batches, b -> post(http, base, b, "application/cloudevents-batch+json"));
        String loadHeap = Procs.heapUsedMb(httpPort).map(String::valueOf).orElse("?");
        double edgeSingle = runClients(singles, b -> post(http, base, b, "application/cloudevents+json"));
        sampling.set(false);
        sampler.join();
        Thread.sleep(2000);
        long backlogRss = Procs.rssMb(pid);
        String backlogHeap = Procs.heapUsedMb(httpPort).map(String::valueOf).orElse("?");
        edge.stop(Duration.ofSeconds(30));

        // --- baselines: the raw producer, same records, same broker settings (with and without per-append fsync).
        double[] fsync = rawProducer(batches, singles, true);
        double[] noFsync = rawProducer(batches, singles, false);

        report.section("1. Ingest throughput (edge REST vs raw Kafka producer)");
        report.line(String.format("%d events in batches of 100 (per stream) and %d single events (structured mode), %d concurrent clients,"
                + " retail sample. The edge answers 202 only once the events are appended to `raw.<stream>` and fsynced"
                + " (the edge broker runs with `log.flush.interval.messages=1`). Baseline: one `KafkaProducer` (acks=all,"
                + " idempotent, linger 1 ms, as the edge's own ingest producer) shared by %d threads, each sending a batch's records"
                + " and waiting for all acks, writing the same records (same `ce_*` headers, key and value, built with the edge's"
                + " `KafkaBinding`) into an `EmbeddedKafkaBroker` with the same setting. Records are built before the clock starts.",
                batchEvents, singleEvents, clients, clients));
        report.line("");
        report.row("case", "edge REST events/s", "raw producer (fsync per append) events/s", "ratio", "raw producer (no fsync) events/s", "ratio", "target");
        report.row("---", "---", "---", "---", "---", "---", "---");
        report.row("batches of 100", Report.num(edgeBatch), Report.num(fsync[0]), Report.ratio(edgeBatch, fsync[0]),
                Report.num(noFsync[0]), Report.ratio(edgeBatch, noFsync[0]), "≥ 0.5× raw (fsync)");
        report.row("single events", Report.num(edgeSingle), Report.num(fsync[1]), Report.ratio(edgeSingle, fsync[1]),
                Report.num(noFsync[1]), Report.ratio(edgeSingle, noFsync[1]), "≥ 0.5× raw (fsync)");
        report.line("");
        report.line(String.format("Cost of acked-means-fsynced for the raw producer itself: batches %s, singles %s of the no-fsync rate.",
                Report.ratio(fsync[0], noFsync[0]), Report.ratio(fsync[1], noFsync[1])));
        report.line("");

        report.section("5. Footprint of edge-node (real process, recommended JVM settings: `" + String.join(" ", RECOMMENDED_JVM)
                + "`, `MALLOC_ARENA_MAX=2`)");
        report.row("figure", "value", "target");
        report.row("---", "---", "---");
        report.row("startup to ready, first start (no class-data-sharing archive yet; it writes one at exit)", coldReadyMs + " ms", "");
        report.row("startup to ready (`/q/health/ready` UP, process start included)"
                + (withArchive ? ", with the archive of the first start" : ", no archive (the first start wrote none)"),
                readyMs + " ms", "≤ 5000 ms");
        report.row("RSS idle (3 s after ready)", idleRss + " MB", "≤ 400 MB");
        report.row("heap used idle", idleHeap + " MB", "");
        report.row("RSS peak under ingest load (sampled every 200 ms)", maxRss.get() + " MB", "≤ 400 MB");
        report.row("heap used right after the batch load", loadHeap + " MB", "");
        report.row("RSS with a backlog of " + (batchEvents + singleEvents) + " events (no centre configured)", backlogRss + " MB", "≤ 400 MB");
        report.row("heap used with that backlog", backlogHeap + " MB", "");
        report.line("");
        report.line("Startup baseline, same run: a bare `EmbeddedKafkaBroker` (format + start, in the bench JVM) took " + brokerStartMs
                + " ms; edge-node ready / bare broker = " + Report.ratio(readyMs, brokerStartMs) + ".");
        report.line("");
    }

    private AppProcess edgeProcess(int httpPort, String name, List<String> jvm) {
        return edgeProcess(work, edgeJar, httpPort, name, jvm, Map.of());
    }

    /** An edge-node process as the box runs it, with no centre configured (everything stays as backlog). */
    static AppProcess edgeProcess(Path work, Path edgeJar, int httpPort, String name, List<String> jvm, Map<String, String> extra) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("quarkus.http.port", String.valueOf(httpPort));
        settings.put("edge.site.id", "bench-ingest");
        settings.put("edge.api.auth", "none");
        settings.put("edge.data-dir", work.resolve(name).toString());
        settings.put("edge.broker.port", String.valueOf(Ports.free()));
        settings.putAll(extra);
        return new AppProcess("edge-node", edgeJar, settings, work.resolve("logs/" + name + ".log"), httpPort)
                .jvmOptions(jvm)
                .environment(Map.of("MALLOC_ARENA_MAX", "2"));
    }

    private double runClients(List<Events.Batch> work, Consumer<Events.Batch> send) throws InterruptedException {
        ConcurrentLinkedQueue<Events.Batch> queue = new ConcurrentLinkedQueue<>(work);
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                Events.Batch b;
                while ((b = queue.poll()) != null) {
                    send.accept(b);
                    done.addAndGet(b.events().size());
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return done.get() / secs;
    }

    private static void post(HttpClient http, URI base, Events.Batch b, String contentType) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/streams/" + b.stream() + "/events"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(contentType.endsWith("batch+json") ? b.body() : b.events().get(0).json()))
                .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("edge answered " + r.statusCode() + ": " + r.body());
            }
        } catch (Exception e) {
            throw new IllegalStateException("POST failed", e);
        }
    }

    /** events/s for {batches, singles} through a raw producer. */
    private double[] rawProducer(List<Events.Batch> batches, List<Events.Batch> singles, boolean fsync) throws Exception {
        EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder()
                .dataDir(work.resolve("raw-" + (fsync ? "fsync" : "nofsync"))).port(0).deleteDataOnClose(true);
        if (fsync) {
            b.config("log.flush.interval.messages", "1");
        }
        long s0 = System.nanoTime();
        try (EmbeddedKafkaBroker broker = b.build().start()) {
            if (fsync) {
                brokerStartMs = (System.nanoTime() - s0) / 1_000_000;
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                List<NewTopic> topics = Topology.STREAMS.stream().map(s -> new NewTopic(TopicNames.raw(s), 3, (short) 1)).toList();
                admin.createTopics(topics).all().get();
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<List<ProducerRecord<byte[], byte[]>>> batchRecords = records(batches);
                List<List<ProducerRecord<byte[], byte[]>>> singleRecords = records(singles);
                return new double[] {produce(producer, batchRecords), produce(producer, singleRecords)};
            }
        }
    }

    private static List<List<ProducerRecord<byte[], byte[]>>> records(List<Events.Batch> batches) {
        List<List<ProducerRecord<byte[], byte[]>>> out = new ArrayList<>();
        for (Events.Batch b : batches) {
            out.add(b.events().stream().map(e -> e.record(TopicNames.raw(e.stream()))).toList());
        }
        return out;
    }

    private double produce(KafkaProducer<byte[], byte[]> producer, List<List<ProducerRecord<byte[], byte[]>>> work) throws InterruptedException {
        ConcurrentLinkedQueue<List<ProducerRecord<byte[], byte[]>>> queue = new ConcurrentLinkedQueue<>(work);
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                List<ProducerRecord<byte[], byte[]>> batch;
                while ((batch = queue.poll()) != null) {
                    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
                    batch.forEach(r -> acks.add(producer.send(r)));
                    try {
                        for (Future<RecordMetadata> f : acks) {
                            f.get();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    done.addAndGet(batch.size());
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }
}
