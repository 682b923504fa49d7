package dev.edgesync.edge.pipeline;

import dev.edgesync.kafka.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;

/** A fresh edge app (own data dir and port) plus a core broker for its uplink. */
public class EdgeWithCoreResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafkaBroker core;

    @Override
    public Map<String, String> start() {
        core = EmbeddedKafkaBroker.builder().build().start();
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return Map.of(
                    "edge.data-dir", Files.createTempDirectory("edge-node-core-it-").toString(),
                    "edge.broker.port", String.valueOf(s.getLocalPort()),
                    "edge.core.bootstrap-servers", core.bootstrapServers(),
                    "edge.sync.retry-backoff", "300ms",
                    "edge.sync.request-timeout", "3s",
                    "edge.sync.transaction-timeout", "10s",
                    "edge.sync.delete-records-interval", "500ms",
                    "quarkus.http.test-port", "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (core != null) {
            core.close();
        }
    }
}
