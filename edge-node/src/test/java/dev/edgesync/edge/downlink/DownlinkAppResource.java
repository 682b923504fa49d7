package dev.edgesync.edge.downlink;

import dev.edgesync.edge.KeptAppData;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The edge app in region eu-west with a file-configured reference table (products), on {@link KeptAppData} so that
 * {@link DownlinkEdgeRestartIT} restarts the app on the same data. With the
 * {@code core} arg {@code true} it also runs a centre broker for the downlink (first run); without it the app has no
 * centre (the restart runs offline).
 */
public class DownlinkAppResource implements QuarkusTestResourceLifecycleManager {

    private boolean withCore;
    private EmbeddedKafkaBroker core;

    @Override
    public void init(Map<String, String> initArgs) {
        withCore = Boolean.parseBoolean(initArgs.getOrDefault("core", "false"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> c = KeptAppData.settings("downlink");
        c.put("edge.site.region", "eu-west");
        c.put("edge.pipeline.reference.products.file", "src/test/resources/pipeline/products.csv");
        c.put("edge.pipeline.reference.products.key", "sku");
        c.put("edge.downlink.discovery-interval", "500ms");
        if (withCore) {
            core = EmbeddedKafkaBroker.builder().build().start();
            c.put("edge.core.bootstrap-servers", core.bootstrapServers());
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
}
