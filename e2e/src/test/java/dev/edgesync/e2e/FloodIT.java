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
 * 256 MiB heap, exit on OutOfMemoryError): 100 tills each posting two ~1 MiB batches at once, half of them of the
 * costliest valid shape, while garbage, oversize and slowly trickled requests arrive too. The process survives
 * (same pid, live), every answer is 202 or 503 with Retry-After (4xx or 503 for the invalid ones), the refused
 * batches are accepted when sent again, and every event of every batch is in {@code raw.sales} exactly once.
 */
class FloodIT {

    private static final int CLIENTS = 100;
    private static final int BATCHES_PER_CLIENT = 2;
    private static final int EVENTS_PER_BATCH = 100;
    private static final int MAX_BODY = 1_048_576;
    private static final String PATH = "/v1/streams/sales/events";
    private static final String BATCH_TYPE = "application/cloudevents-batch+json";
    private static final int BODY_TIMEOUT_SECONDS = 5;

    private Topology topology;

    @AfterEach
    void tearDown() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void aFloodOfValidAndInvalidRequestsNeitherKillsTheEdgeNorLosesOrDuplicatesWhatItAcked(TestInfo info) throws Exception {
        topology = Topology.fromBuild(StoreAndForwardIT.workDir(info), "flood",
                Map.of("edge.ingest.body-timeout", BODY_TIMEOUT_SECONDS + "s"));
        topology.edge().jvmOptions(Launcher.edgeJvmOptions());
        topology.startEdge();
        long pid = topology.edge().pid();
        URI events = topology.edgeUri().resolve(PATH);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

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
                    .matches("(garbage|oversize|slow) (400|413|415|503|cut)( .*)?");
        }

        // The refused batches, sent again as a till would (sooner than Retry-After, to keep the test short).
        ExecutorService retries = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            firstAnswers.forEach((batch, answer) -> {
                if (answer.status() != 202) {
                    all.add(retries.submit(() -> {
                        for (int attempt = 0; attempt < 600; attempt++) {
                            Answer a = post(http, events, batch);
                            if (a.status() == 202) {
                                return null;
                            }
                            assertThat(a.status()).as("batch %d retried: %s", batch, a).isEqualTo(503);
                            Thread.sleep(100);
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

        Map<String, Integer> copies = idsIn(topology.edgeBootstrap(), "raw.sales");
        int expected = CLIENTS * BATCHES_PER_CLIENT * EVENTS_PER_BATCH;
        assertThat(copies).as("every event of every batch, and nothing else").hasSize(expected);
        assertThat(copies.values().stream().filter(n -> n != 1).count()).as("no event twice").isZero();
        assertThat(topology.edge().pid()).isEqualTo(pid);
    }

    /** One answer to a valid batch: its status, Retry-After, and the start of its body. */
    record Answer(int status, String retryAfter, String body) {
        @Override
        public String toString() {
            return status + " retry-after=" + retryAfter + " " + body;
        }
    }

    private static Answer post(HttpClient http, URI uri, int batch) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("Content-Type", BATCH_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch(batch))).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                    body.substring(0, Math.min(200, body.length())));
        } catch (IOException e) {
            return new Answer(-1, null, "no answer: " + e);
        }
    }

    /**
     * About 1 MiB of valid events with ids {@code flood-<batch>-<n>}; odd batches carry data of the costliest shape
     * (arrays of empty objects: 27 heap bytes per body byte when parsed).
     */
    static byte[] batch(int batch) {
        String data = batch % 2 == 0
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

    /** A 20 kB body trickled a byte every 200 ms: the edge must cut it after its body timeout. */
    private static String slow(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1_000);
            OutputStream out = startPost(s, 20_000);
            long deadline = System.nanoTime() + Duration.ofSeconds(BODY_TIMEOUT_SECONDS * 4L).toNanos();
            while (System.nanoTime() < deadline) {
                out.write(' ');
                out.flush();
                try {
                    return statusLine(s.getInputStream());
                } catch (java.net.SocketTimeoutException stillWaiting) {
                    // no answer yet: keep trickling
                }
            }
            return "never cut";
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

    /** How often each CloudEvents id is in {@code topic} of the edge's broker. */
    private static Map<String, Integer> idsIn(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Header id = r.headers().lastHeader("ce_id");
                    copies.merge(id == null ? "(none)" : new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
            }
        }
        return copies;
    }
}
