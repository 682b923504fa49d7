package dev.edgesync.core.it;

import dev.edgesync.kafka.DataDirs;
import dev.edgesync.kafka.LocalPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Lets core-ingest start its embedded centre on a free port with a temporary data directory. */
public class EmbeddedCentreResource implements QuarkusTestResourceLifecycleManager {

    private Path dataDir;

    @Override
    public Map<String, String> start() {
        dataDir = tempDir("core-ingest-it-");
        Map<String, String> c = new HashMap<>(fastRelay());
        c.put("core.embedded.port", String.valueOf(LocalPorts.free()));
        c.put("core.embedded.data-dir", dataDir.toString());
        return c;
    }

    /** A new temporary directory; the caller deletes it. */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Relay settings that make tests quick: new sites picked up within a second, short pauses. */
    public static Map<String, String> fastRelay() {
        return Map.of("core.relay.metadata-max-age", "1s", "core.relay.poll-timeout", "200ms",
                "core.relay.retry-backoff", "200ms", "quarkus.http.test-port", "0");
    }

    @Override
    public void stop() {
        if (dataDir != null) {
            DataDirs.deleteRecursively(dataDir); // best effort: a leftover temp directory harms no other run
        }
    }
}
