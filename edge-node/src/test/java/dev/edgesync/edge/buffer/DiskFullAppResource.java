package dev.edgesync.edge.buffer;

import dev.edgesync.edge.KeptAppData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The edge app of a disk-full test: its data dir on the small filesystem the test mounted ({@link DiskFill#mount}),
 * broker and HTTP ports kept under the {@code data} arg ({@link KeptAppData}), four one-partition streams, 1 MiB
 * segments, a 32 MiB free-space floor, an 8 MiB reserve, short intervals; its centre the address the test named
 * with {@link #centreForNextRun} (a proxy the test cuts and restores).
 */
public class DiskFullAppResource implements QuarkusTestResourceLifecycleManager {

    static final String SITE = "disk-site";
    static final long FLOOR = 32L << 20;
    static final long RESERVE = 8L << 20;
    private String data = "disk-full";

    /** The centre the next run of the app under {@code data} uses. */
    static void centreForNextRun(String data, String bootstrap) {
        System.setProperty(key(data, "centre"), bootstrap);
    }

    /** The data dir of the app under {@code data}, on the mounted filesystem. */
    static void mountedAt(String data, String mountPoint) {
        System.setProperty(key(data, "mount"), mountPoint);
    }

    @Override
    public void init(Map<String, String> initArgs) {
        data = initArgs.getOrDefault("data", data);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> c = KeptAppData.settings(data);
        String mount = System.getProperty(key(data, "mount"));
        if (mount != null) {
            c.put("edge.data-dir", mount + "/edge");
        }
        c.put("edge.site.id", SITE);
        for (String s : new String[] {"sales", "payments", "telemetry", "stock"}) {
            c.put("edge.streams." + s + ".partitions", "1");
        }
        c.put("edge.streams.telemetry.priority", "bulk");
        c.put("edge.streams.telemetry.buffer-policy", "drop-oldest");
        c.put("edge.buffer.min-free-bytes", String.valueOf(FLOOR));
        c.put("edge.buffer.reserve-bytes", String.valueOf(RESERVE));
        c.put("edge.buffer.dlq-max-bytes", String.valueOf(4L << 20));
        c.put("edge.buffer.check-interval", "200ms");
        c.put("edge.buffer.retry-after-seconds", "3");
        c.put("edge.broker.config.\"log.segment.bytes\"", String.valueOf(1 << 20));
        c.put("edge.ingest.max-body-bytes", "1048576");
        c.put("edge.ingest.max-batch-events", "1000");
        c.put("edge.sync.delete-records-interval", "500ms");
        String centre = System.getProperty(key(data, "centre"));
        if (centre != null) {
            c.put("edge.core.bootstrap-servers", centre);
            c.put("edge.sync.retry-backoff", "300ms");
            c.put("edge.sync.request-timeout", "3s");
            c.put("edge.sync.transaction-timeout", "10s");
            c.put("edge.sync.heartbeat-interval", "500ms");
        }
        return c;
    }

    @Override
    public void stop() {
    }

    private static String key(String data, String what) {
        return "edgesync.it." + data + "." + what;
    }
}
