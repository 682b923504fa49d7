package dev.edgesync.edge.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Gives the edge node under test a free broker port, a fresh data dir and small ingest limits, so
 * tests run next to other brokers and servers on the machine.
 */
public class EdgeNodeTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_BATCH_EVENTS = 20;

    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("edge-node-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "edge.broker.port", String.valueOf(freePort()),
                "edge.data-dir", dataDir.toString(),
                "quarkus.http.test-port", "0",
                "edge.ingest.max-body-bytes", String.valueOf(MAX_BODY_BYTES),
                "edge.ingest.max-batch-events", String.valueOf(MAX_BATCH_EVENTS),
                "edge.ingest.append-timeout", "10s");
    }

    @Override
    public void stop() {
        if (dataDir != null) {
            deleteTree(dataDir);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Temp dirs only; a leftover is harmless.
        }
    }
}
