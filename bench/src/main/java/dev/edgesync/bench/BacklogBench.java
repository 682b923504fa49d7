package dev.edgesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.e2e.AppProcess;
import dev.edgesync.e2e.Ports;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
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

/**
 * Footprint of edge-node holding a large backlog: RSS and heap with 1M and then 10M events buffered in
 * {@code curated.*}, which must not grow with the backlog.
 *
 * <p>The backlog is written straight into the running edge's curated topics by a transactional producer
 * (transactions of {@value #TRANSACTION} records, so the log has the commit markers the pipeline leaves), not
 * through the REST API: at the API's rate 10M events would take most of an hour. The edge reads all of it as
 * it would its own output (its backlog index follows every curated partition); each figure is taken once the
 * status API counts the whole backlog exactly.
 */
final class BacklogBench {

    private static final int TRANSACTION = 10_000;

    private final Path work;
    private final Path edgeJar;
    private final List<Long> steps;
    private final Events events = new Events();
    private final HttpClient http = HttpClient.newHttpClient();

    BacklogBench(Path work, Path edgeJar, List<Long> steps) {
        this.work = work;
        this.edgeJar = edgeJar;
        this.steps = List.copyOf(steps);
    }

    void run(Report report) throws Exception {
        List<ProducerRecord<byte[], byte[]>> templates = new ArrayList<>();
        for (Events.Prepared e : events.take(20_000)) {
            templates.add(e.record(TopicNames.curated(e.stream())));
        }
        int httpPort = Ports.free();
        int brokerPort = Ports.free();
        AppProcess edge = IngestBench.edgeProcess(work, edgeJar, httpPort, "backlog-edge", IngestBench.RECOMMENDED_JVM,
                Map.of("edge.broker.port", String.valueOf(brokerPort), "edge.site.id", "bench-backlog"));
        List<String[]> rows = new ArrayList<>();
        try {
            edge.start(Duration.ofSeconds(120));
            Thread.sleep(3000);
            long pid = edge.pid();
            rows.add(new String[] {"0 (idle)", Procs.rssMb(pid) + " MB", heap(httpPort), mb(dirBytes()), "", ""});
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-backlog-writer");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
            long written = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                for (long step : steps) {
                    long t0 = System.nanoTime();
                    while (written < step) {
                        producer.beginTransaction();
                        int n = (int) Math.min(TRANSACTION, step - written);
                        for (int i = 0; i < n; i++) {
                            ProducerRecord<byte[], byte[]> t = templates.get((int) ((written + i) % templates.size()));
                            producer.send(new ProducerRecord<>(t.topic(), null, t.key(), t.value(), t.headers()));
                        }
                        producer.commitTransaction();
                        written += n;
                    }
                    long writeMs = (System.nanoTime() - t0) / 1_000_000;
                    long i0 = System.nanoTime();
                    if (!awaitCounted(httpPort, step, Duration.ofMinutes(15))) {
                        rows.add(new String[] {String.format("%,d", step), "not counted by the edge within 15 min", "", "", "", ""});
                        break;
                    }
                    long countedMs = (System.nanoTime() - i0) / 1_000_000;
                    Thread.sleep(5000);
                    long rss = 0;
                    for (int i = 0; i < 5; i++) {
                        rss = Math.max(rss, Procs.rssMb(pid));
                        Thread.sleep(1000);
                    }
                    rows.add(new String[] {String.format("%,d", step), rss + " MB", heap(httpPort), mb(dirBytes()),
                            writeMs + " ms", countedMs + " ms"});
                }
            }
        } finally {
            edge.stop(Duration.ofSeconds(60));
        }
        report.section("5b. Footprint with a large backlog");
        report.line(String.format("edge-node as in 5 (recommended JVM settings, `MALLOC_ARENA_MAX=2`, no centre configured), with"
                + " retail events written straight into its `curated.*` topics by a transactional producer (transactions of"
                + " %,d records, so the log holds commit markers as the pipeline's output does; not through the API, where 10M"
                + " events would take most of an hour). Each figure once the edge's status API counts the whole backlog"
                + " exactly; RSS is the highest of 5 samples over 5 s.", TRANSACTION));
        report.line("");
        report.row("events buffered", "RSS", "heap used", "data dir on disk (du)", "time to write", "then counted by the edge after");
        report.row("---", "---", "---", "---", "---", "---");
        rows.forEach(report::row);
        report.line("");
        report.line("Target: RSS ≤ 400 MB, flat from 1M to 10M buffered events.");
        report.line("");
    }

    private boolean awaitCounted(int httpPort, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode status = Events.JSON.readTree(http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + httpPort + "/v1/status")).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body());
                long backlog = 0;
                boolean exact = true;
                for (JsonNode s : status.path("streams")) {
                    backlog += s.path("backlog").asLong();
                    exact &= s.path("backlogExact").asBoolean();
                }
                if (exact && backlog >= expected) {
                    return true;
                }
            } catch (IOException e) {
                // busy: ask again
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private String heap(int httpPort) {
        return Procs.heapUsedMb(httpPort).map(h -> h + " MB").orElse("?");
    }

    /** Disk blocks in use (du), not apparent sizes: Kafka preallocates sparse 10 MB index files. */
    private long dirBytes() {
        try {
            Process du = new ProcessBuilder("du", "-sk", work.resolve("backlog-edge").toString()).redirectErrorStream(true).start();
            String out = new String(du.getInputStream().readAllBytes()).trim();
            du.waitFor();
            return Long.parseLong(out.split("\\s+")[0]) * 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String mb(long bytes) {
        return String.format("%,d MB", bytes >> 20);
    }
}
