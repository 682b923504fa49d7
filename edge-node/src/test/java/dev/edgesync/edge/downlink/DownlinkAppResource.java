package dev.edgesync.edge.downlink;

import dev.edgesync.edge.KeptAppData;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The edge app in region eu-west with a file-configured reference table (products), on a data dir and broker port
 * kept under the name of the {@code data} arg ({@link KeptAppData}). Its centre: with the {@code core} arg
 * {@code true} a centre broker of its own; otherwise the one a restart test named for this run with
 * {@link #centreForNextRun}, or none (the app runs offline).
 */
public class DownlinkAppResource implements QuarkusTestResourceLifecycleManager {

    private String data = "downlink";
    private boolean withCore;
    private EmbeddedKafkaBroker core;

    /** The centre the next run of the app under {@code data} uses; {@code null} for none. */
    public static void centreForNextRun(String data, String bootstrap) {
        if (bootstrap == null) {
            System.clearProperty(centreKey(data));
        } else {
            System.setProperty(centreKey(data), bootstrap);
        }
    }

    @Override
    public void init(Map<String, String> initArgs) {
        withCore = Boolean.parseBoolean(initArgs.getOrDefault("core", "false"));
        data = initArgs.getOrDefault("data", data);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> c = KeptAppData.settings(data);
        c.put("edge.site.region", "eu-west");
        c.put("edge.pipeline.reference.products.file", "src/test/resources/pipeline/products.csv");
        c.put("edge.pipeline.reference.products.key", "sku");
        c.put("edge.downlink.discovery-interval", "500ms");
        String centre = System.getProperty(centreKey(data));
        if (withCore) {
            core = EmbeddedKafkaBroker.builder().build().start();
            centre = core.bootstrapServers();
        }
        if (centre != null) {
            c.put("edge.core.bootstrap-servers", centre);
            c.put("edge.sync.retry-backoff", "300ms");
            c.put("edge.sync.request-timeout", "3s");
            c.put("edge.sync.transaction-timeout", "10s");
        }
        return c;
    }

    @Override
    public void stop() {
        if (core != null) {
            core.close();
        }
    }

    private static String centreKey(String data) {
        return "edgesync.it." + data + ".centre";
    }
}
