package dev.edgesync.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flood of issue #14 against the edge as a box runs it (a real process with the packaged launcher's JVM options:
 * 256 MiB heap, exit on OutOfMemoryError): 100 tills each posting two ~1 MiB batches at once, a fifth of them of
 * the costliest valid shape, while garbage, oversize and slowly trickled requests arrive too. The process survives
 * (same pid, live), every answer is 202 or 503 with Retry-After (4xx or 503 for the invalid ones), the refused
 * batches are accepted when sent again, and every event of every batch was appended to {@code raw.sales} once
 * and is in {@code curated.sales} exactly once.
 */
class FloodIT {

    private static final int CLIENTS = 100;
    private static final int BATCHES_PER_CLIENT = 2;
    private static final int EVENTS_PER_BATCH = 100;
    private static final int MAX_BODY = 1_048_576;
    private static final String PATH = "/v1/streams/sales/events";
    private static final String BATCH_TYPE = "application/cloudevents-batch+json";
    /** How long a slow client trickles its body before it gives up. */
    private static final int SLOW_SECONDS = 10;

    private Topology topology;

    @AfterEach
    void tearDown() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void aFloodOfValidAndInvalidRequestsNeitherKillsTheEdgeNorLosesOrDuplicatesWhatItAcked(TestInfo info) throws Exception {
        topology = Topology.fromBuild(StoreAndForwardIT.workDir(info), "flood");
        topology.edge().jvmOptions(Launcher.edgeJvmOptions());
        topology.startEdge();
        long pid = topology.edge().pid();
        URI events = topology.edgeUri().resolve(PATH);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        long t0 = System.nanoTime();
        Map<Integer, Answer> firstAnswers = new ConcurrentHashMap<>();
        List<String> invalidAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 60);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                all.add(pool.submit(() -> {
                    for (int k = 0; k < BATCHES_PER_CLIENT; k++) {
                        int batch = client * BATCHES_PER_CLIENT + k;
                        firstAnswers.put(batch, post(http, events, batch));
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 30; i++) {
                int n = i;
                all.add(pool.submit(() -> invalidAnswers.add("garbage " + garbage(http, events, n))));
            }
            for (int i = 0; i < 15; i++) {
                all.add(pool.submit(() -> invalidAnswers.add("oversize " + oversize(topology.edge().httpPort()))));
            }
            for (int i = 0; i < 15; i++) {
                all.add(pool.submit(() -> invalidAnswers.add("slow " + slow(topology.edge().httpPort()))));
            }
            for (Future<?> f : all) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        System.out.printf("FloodIT: flood over after %d s; answers other than 503: %s%n", (System.nanoTime() - t0) / 1_000_000_000,
                firstAnswers.values().stream().filter(a -> a.status() != 503).toList());
        assertThat(topology.edge().isAlive()).as("the edge survived the flood; see %s", topology.edge().logFile()).isTrue();
        assertThat(topology.edge().pid()).as("and was not restarted").isEqualTo(pid);
        assertThat(get(http, topology.edgeUri().resolve("/q/health/live"))).isEqualTo(200);

        Map<String, Integer> tally = new TreeMap<>();
        firstAnswers.values().forEach(a -> tally.merge(a.toString().split(" ")[0], 1, Integer::sum));
        for (Answer a : firstAnswers.values()) {
            assertThat(a.status() == 202 || (a.status() == 503 && a.retryAfter() != null))
                    .as("a valid batch is accepted or refused with Retry-After: %s (all: %s)", a, tally).isTrue();
        }
        assertThat(tally).as("some batches went through during the flood").containsKey("202");
        for (String a : invalidAnswers) {
            assertThat(a).as("an invalid request is refused, never accepted nor answered 5xx other than 503")
                    .matches("(garbage|oversize|slow) (400|413|415|503 retry-after=\\d+|cut|abandoned)( .*)?");
        }

        // The refused batches, sent again as a till would (sooner than Retry-After, to keep the test short).
        ExecutorService retries = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            firstAnswers.forEach((batch, answer) -> {
                if (answer.status() != 202) {
                    all.add(retries.submit(() -> {
                        // A till retrying after 503: polls until the budget frees, with a deadline, not a count.
                        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
                        while (System.nanoTime() < deadline) {
                            Answer a = post(http, events, batch);
                            if (a.status() == 202) {
                                return null;
                            }
                            assertThat(a.status()).as("batch %d retried: %s", batch, a).isEqualTo(503);
                            Thread.sleep(20);
                        }
                        throw new AssertionError("batch " + batch + " still refused");
                    }));
                }
            });
            for (Future<?> f : all) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            retries.shutdownNow();
        }

        System.out.printf("FloodIT: first answers %s; every batch accepted after %d s%n", tally,
                (System.nanoTime() - t0) / 1_000_000_000);
        // raw.sales is freed below what the pipeline has moved to curated.sales (exactly once, in one transaction
        // with its offsets), so: raw got exactly one record per event, and curated holds each event once.
        int expected = CLIENTS * BATCHES_PER_CLIENT * EVENTS_PER_BATCH;
        Map<String, Integer> copies = new HashMap<>();
        try (Tail raw = new Tail(topology.edgeBootstrap(), "raw.sales");
             Tail curated = new Tail(topology.edgeBootstrap(), "curated.sales")) {
            assertThat(raw.endOffsetTotal()).as("records appended to raw.sales").isEqualTo(expected);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (copies.size() < expected && System.nanoTime() < deadline) {
                curated.poll(copies);
            }
        }
        List<String> twice = copies.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).limit(10).toList();
        assertThat(twice).as("events in curated.sales more than once").isEmpty();
        assertThat(copies.size()).as("distinct events in curated.sales").isEqualTo(expected);
        assertThat(copies.keySet()).allMatch(id -> id.startsWith("flood-"), "only the tills' events");
        assertThat(topology.edge().pid()).isEqualTo(pid);
    }

    /** One answer to a valid batch: its status, Retry-After, and the start of its body. */
    record Answer(int status, String retryAfter, String body, long millis) {
        @Override
        public String toString() {
            return status + " retry-after=" + retryAfter + " after " + millis + " ms: " + body;
        }
    }

    private static Answer post(HttpClient http, URI uri, int batch) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("Content-Type", BATCH_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch(batch))).build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                    body.substring(0, Math.min(200, body.length())), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            return new Answer(-1, null, "no answer: " + e, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * About 1 MiB of valid events with ids {@code flood-<batch>-<n>}; every fifth batch carries data of the costliest shape
     * (arrays of empty objects: 27 heap bytes per body byte when parsed).
     */
    static byte[] batch(int batch) {
        String data = batch % 5 != 0
                ? "{\"sku\":\"SKU-1\",\"note\":\"" + "x".repeat(10_000) + "\"}"
                : "[" + "{},".repeat(3_300) + "{}]";
        StringBuilder b = new StringBuilder(MAX_BODY).append('[');
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            b.append(i == 0 ? "" : ",").append("{\"specversion\":\"1.0\",\"id\":\"flood-").append(batch).append('-').append(i)
                    .append("\",\"source\":\"/store/till-").append(batch / BATCHES_PER_CLIENT)
                    .append("\",\"type\":\"com.example.retail.sale\",\"datacontenttype\":\"application/json\",\"data\":")
                    .append(data).append('}');
        }
        byte[] body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        if (body.length > MAX_BODY) {
            throw new IllegalStateException("batch of " + body.length + " bytes is over max-body-bytes");
        }
        return body;
    }

    /** Not JSON, or JSON cut short, small or near the body limit. */
    private static String garbage(HttpClient http, URI uri, int n) throws InterruptedException {
        Random random = new Random(n);
        byte[] body = new byte[n % 3 == 0 ? MAX_BODY - 10 : 1 + random.nextInt(4096)];
        random.nextBytes(body);
        if (n % 2 == 0) {
            byte[] start = "[{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":[".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(start, 0, body, 0, Math.min(start.length, body.length));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("Content-Type", BATCH_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + (r.statusCode() == 503 ? " retry-after=" + r.headers().firstValue("Retry-After").orElseThrow() : "");
        } catch (IOException e) {
            return "cut " + e;
        }
    }

    /** A Content-Length far over max-body-bytes, and a little of that body. */
    private static String oversize(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            startPost(s, 500_000_000L);
            return statusLine(s.getInputStream());
        } catch (IOException e) {
            return "cut " + e;
        }
    }

    /**
     * A 20 kB body trickled a byte every 200 ms for a while, then abandoned (the edge's own cut after
     * edge.ingest.body-timeout is AdmissionIT's): answered 503 at once, or holding a reservation until it hangs up.
     */
    private static String slow(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(200);
            OutputStream out = startPost(s, 20_000);
            long deadline = System.nanoTime() + Duration.ofSeconds(SLOW_SECONDS).toNanos();
            while (System.nanoTime() < deadline) {
                out.write(' ');
                out.flush();
                try {
                    return statusLine(s.getInputStream());
                } catch (java.net.SocketTimeoutException stillWaiting) {
                    // no answer yet: keep trickling
                }
            }
            return "abandoned";
        } catch (IOException e) {
            return "cut " + e;
        }
    }

    /** Sends the head of a batch POST announcing {@code contentLength} bytes, and the first byte of the body. */
    private static OutputStream startPost(Socket s, long contentLength) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + BATCH_TYPE
                + "\r\nContent-Length: " + contentLength + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return out;
    }

    /** The status code and Retry-After of a response read from a raw socket, or "cut" when the server hung up. */
    private static String statusLine(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        if (head.isEmpty()) {
            return "cut (closed)";
        }
        String[] lines = head.toString().split("\r\n");
        String status = lines[0].split(" ")[1];
        for (String line : lines) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("retry-after:")) {
                return status + " retry-after=" + line.substring("retry-after:".length()).trim();
            }
        }
        return status;
    }

    private static int get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A topic of the edge's broker read from its start, committed records only. */
    private static final class Tail implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;

        Tail(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        long endOffsetTotal() {
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }

        /** Counts the CloudEvents ids of what a poll returns into {@code copies}. */
        void poll(Map<String, Integer> copies) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                Header id = r.headers().lastHeader("ce_id");
                copies.merge(id == null ? "(no id)" : new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
