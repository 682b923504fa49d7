package dev.edgesync.edge.health;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * A centre that never answers: loopback port 1, where nothing listens (a free port picked at random could be
 * taken by another test's broker meanwhile), so the link stays down.
 */
public class LinkDownProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "edge.core.bootstrap-servers", "127.0.0.1:1",
                "edge.sync.request-timeout", "1s",
                "edge.sync.transaction-timeout", "5s",
                "edge.sync.retry-backoff", "1s");
    }
}
