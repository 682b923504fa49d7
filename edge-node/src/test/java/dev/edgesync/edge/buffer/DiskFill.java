package dev.edgesync.edge.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test aid of the disk-full tests: a small tmpfs of their own for the data dir, ingest over HTTP until the floor
 * answers 507, a ballast file that takes what free space is left, and the status as JSON.
 */
final class DiskFill {

    /** The size of the tmpfs: small, so a fill takes seconds. */
    static final long SIZE_BYTES = 96L << 20;
    static final int BATCH = 400;
    static final int EVENT_BYTES = 2_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiskFill() {
    }

    /** Mounts a tmpfs of {@link #SIZE_BYTES} on a new directory; null if this machine does not permit it. */
    static Path mount(String name) throws Exception {
        Path dir = Files.createTempDirectory("edge-node-" + name + "-tmpfs-");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SIZE_BYTES, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        if (!done || p.exitValue() != 0) {
            p.destroy();
            Files.deleteIfExists(dir);
            return null;
        }
        return dir;
    }

    static void unmount(Path dir) throws Exception {
        if (dir == null) {
            return;
        }
        for (String[] cmd : new String[][] {{"umount", dir.toString()}, {"umount", "-l", dir.toString()}}) {
            // Lazily if still busy (a file of the app's broker not yet unmapped): detached now, freed once released.
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                Files.deleteIfExists(dir);
                return;
            }
        }
    }

    /** What the outcome of filling was: the ids answered 202 in order, and the first answer that was not 202. */
    record Filled(List<String> accepted, HttpResponse<String> refusal) {
    }

    /**
     * Posts batches to {@code stream} until one is answered other than 202 while the status says ingest refuses
     * because the disk is at its floor (a refusal counted on what was accepted since the last sample may pass once
     * the next one sees the raw copies freed), for at most {@code limit}.
     */
    static Filled untilRefusing(int port, String stream, String prefix, Duration limit) throws Exception {
        List<String> accepted = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        int next = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = post(port, stream, batch(prefix, next, BATCH));
            if (r.statusCode() != 202) {
                if (r.statusCode() != 507 || "disk-full".equals(status(port).path("buffer").path("refusing").asText())) {
                    return new Filled(accepted, r);
                }
                Thread.sleep(100);
                continue;
            }
            for (int i = next; i < next + BATCH; i++) {
                accepted.add(prefix + "-" + i);
            }
            next += BATCH;
        }
        return new Filled(accepted, null);
    }

    static HttpResponse<String> post(int port, String stream, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/streams/" + stream + "/events"))
                .header("Content-Type", "application/cloudevents-batch+json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode status(int port) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/status"))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("status answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    /** {@code n} events of ~{@link #EVENT_BYTES} each with ids {@code prefix-<from..from+n)}: a body of about 0.8 MB. */
    static String batch(String prefix, int from, int n) {
        return Logs.batch(prefix, from, n, EVENT_BYTES);
    }

    /** A file on {@code dir}'s filesystem that takes all of its free space but {@code leaveBytes}. */
    static Path ballast(Path dir, long leaveBytes) throws IOException {
        FileStore store = Files.getFileStore(dir);
        Path file = dir.resolve("ballast");
        long size = Math.max(0, store.getUsableSpace() - leaveBytes);
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            long left = size;
            while (left > 0) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                left -= ch.write(zeros);
            }
        }
        return file;
    }
}
