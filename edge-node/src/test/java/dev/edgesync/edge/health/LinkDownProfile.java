package dev.edgesync.edge.health;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** A centre that never answers: a port nothing listens on, so the link stays down. */
public class LinkDownProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "edge.core.bootstrap-servers", "127.0.0.1:" + unusedPort(),
                "edge.sync.request-timeout", "1s",
                "edge.sync.transaction-timeout", "5s",
                "edge.sync.retry-backoff", "1s");
    }

    private static int unusedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
