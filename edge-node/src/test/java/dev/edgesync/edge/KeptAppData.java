package dev.edgesync.edge;

import dev.edgesync.kafka.LocalPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Test aid: a data dir, broker port and HTTP port chosen once per JVM for a name and kept in system properties, so
 * every run of the app under that name (the runs of one restart test, each in its own class loader) uses the same
 * data. Each test class uses a name of its own, so no class depends on data another one left.
 */
public final class KeptAppData {

    private KeptAppData() {
    }

    /** {@code edge.data-dir}, {@code edge.broker.port} and the HTTP port, the same for every call with this name. */
    public static Map<String, String> settings(String name) {
        ensure(name);
        Map<String, String> c = new HashMap<>();
        c.put("edge.data-dir", System.getProperty(key(name, "data-dir")));
        c.put("edge.broker.port", System.getProperty(key(name, "broker-port")));
        c.put("quarkus.http.test-port", System.getProperty(key(name, "http-port")));
        return c;
    }

    /** The app's own broker under this name, as its clients reach it. */
    public static String bootstrap(String name) {
        ensure(name);
        return "127.0.0.1:" + System.getProperty(key(name, "broker-port"));
    }

    /** The app's HTTP port under this name. */
    public static int httpPort(String name) {
        ensure(name);
        return Integer.parseInt(System.getProperty(key(name, "http-port")));
    }

    private static synchronized void ensure(String name) {
        String dir = key(name, "data-dir");
        if (System.getProperty(dir) == null) {
            try {
                System.setProperty(dir, Files.createTempDirectory("edge-node-" + name + "-it-").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(key(name, "broker-port"), String.valueOf(LocalPorts.free()));
            System.setProperty(key(name, "http-port"), String.valueOf(LocalPorts.free()));
        }
    }

    private static String key(String name, String what) {
        return "edgesync.it." + name + "." + what;
    }
}
