package dev.edgesync.edge.pipeline;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;

/**
 * Gives the app under test its own broker port and data dir. Both are kept in JVM system properties, so a
 * later test profile restarts the app on the same data (the restart test).
 */
public class EdgeAppResource implements QuarkusTestResourceLifecycleManager {

    static final String DIR = "edgesync.it.data-dir";
    static final String PORT = "edgesync.it.broker-port";

    @Override
    public Map<String, String> start() {
        try {
            if (System.getProperty(DIR) == null) {
                System.setProperty(DIR, Files.createTempDirectory("edge-node-it-").toString());
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    System.setProperty(PORT, String.valueOf(s.getLocalPort()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "edge.data-dir", System.getProperty(DIR),
                "edge.broker.port", System.getProperty(PORT),
                "edge.sync.delete-records-interval", "500ms",
                "quarkus.http.test-port", "0");
    }

    @Override
    public void stop() {
    }
}
