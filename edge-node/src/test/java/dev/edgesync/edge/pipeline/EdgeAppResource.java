package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.KeptAppData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives the app under test its own broker port and data dir, kept under the name of the {@code data} arg
 * ({@link KeptAppData}): each test class passes a name of its own, and a restart test's runs share theirs.
 */
public class EdgeAppResource implements QuarkusTestResourceLifecycleManager {

    private String data = "pipeline";

    @Override
    public void init(Map<String, String> initArgs) {
        data = initArgs.getOrDefault("data", data);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> c = KeptAppData.settings(data);
        c.put("edge.sync.delete-records-interval", "500ms");
        return c;
    }

    @Override
    public void stop() {
    }
}
