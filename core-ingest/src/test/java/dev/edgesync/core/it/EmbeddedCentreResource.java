package dev.edgesync.core.it;

import dev.edgesync.kafka.DataDirs;
import dev.edgesync.kafka.LocalPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
                "core.embedded.port", String.valueOf(LocalPorts.free()),
                "core.embedded.data-dir", dataDir.toString(),
                "core.relay.metadata-max-age", "1s",
                "core.relay.poll-timeout", "200ms",
                "core.relay.retry-backoff", "200ms",
                "quarkus.http.test-port", "0");
    }

    @Override
    public void stop() {
        if (dataDir != null) {
            DataDirs.deleteRecursively(dataDir); // best effort: a leftover temp directory harms no other run
        }
    }
}
