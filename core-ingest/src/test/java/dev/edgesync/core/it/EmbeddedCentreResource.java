package dev.edgesync.core.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Lets core-ingest start its embedded centre on a free port with a temporary data directory. */
public class EmbeddedCentreResource implements QuarkusTestResourceLifecycleManager {

    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("core-ingest-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "core.embedded.port", String.valueOf(freePort()),
                "core.embedded.data-dir", dataDir.toString(),
                "core.relay.metadata-max-age", "1s",
                "core.relay.poll-timeout", "200ms",
                "core.relay.retry-backoff", "200ms",
                "quarkus.http.test-port", "0");
    }

    @Override
    public void stop() {
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // Best effort: a leftover temp directory does not affect other runs.
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
