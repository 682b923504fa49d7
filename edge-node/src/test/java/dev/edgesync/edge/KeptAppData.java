package dev.edgesync.edge;

import dev.edgesync.kafka.LocalPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Test aid for restart tests: a data dir and broker port chosen once per JVM and kept in system properties, so a
 * second test profile (a restarted app) runs on the first one's data.
 */
public final class KeptAppData {

    private KeptAppData() {
    }

    /** {@code edge.data-dir}, {@code edge.broker.port} and a free HTTP port, the same for every call with this name. */
    public static Map<String, String> settings(String name) {
        String dir = "edgesync.it." + name + ".data-dir";
        String port = "edgesync.it." + name + ".broker-port";
        if (System.getProperty(dir) == null) {
            try {
                System.setProperty(dir, Files.createTempDirectory("edge-node-" + name + "-it-").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(port, String.valueOf(LocalPorts.free()));
        }
        Map<String, String> c = new HashMap<>();
        c.put("edge.data-dir", System.getProperty(dir));
        c.put("edge.broker.port", System.getProperty(port));
        c.put("quarkus.http.test-port", "0");
        return c;
    }
}
