package dev.edgesync.edge.boot;

import dev.edgesync.edge.admission.AdmissionSettings;
import dev.edgesync.edge.api.ApiSettings;
import dev.edgesync.edge.broker.BrokerSettingsCheck;
import dev.edgesync.edge.buffer.BufferSettingsCheck;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.downlink.DownlinkSettingsCheck;
import dev.edgesync.edge.ingest.IngestSettingsCheck;
import dev.edgesync.edge.pipeline.PipelineFactory;
import dev.edgesync.edge.sync.SyncSettingsCheck;
import io.quarkus.runtime.LaunchMode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Collects the problems every concern finds in its own keys, and reports them all in one startup error before
 * anything starts: an operator fixes the whole file in one go, each message naming its key.
 */
public final class ConfigProblems {

    private ConfigProblems() {
    }

    /** Every problem, with the secrets of the environment and the API's production rule of the current launch mode. */
    public static List<String> of(EdgeConfig c) {
        List<String> p = of(c, System::getenv);
        p.addAll(ApiSettings.problems(c.api(), LaunchMode.current() == LaunchMode.NORMAL));
        return p;
    }

    /** Every problem but the API's, with {@code env} resolving environment variables (the hash secret). */
    public static List<String> of(EdgeConfig c, Function<String, String> env) {
        List<String> p = new ArrayList<>();
        p.addAll(BrokerSettingsCheck.problems(c));
        p.addAll(IngestSettingsCheck.problems(c.ingest()));
        p.addAll(AdmissionSettings.problems(c.ingest(), Runtime.getRuntime().maxMemory()));
        p.addAll(BufferSettingsCheck.problems(c));
        p.addAll(SyncSettingsCheck.problems(c));
        p.addAll(DownlinkSettingsCheck.problems(c.downlink()));
        p.addAll(PipelineFactory.problems(c, env));
        return p;
    }

    /** Throws an {@link IllegalStateException} listing every problem, if there is any. */
    public static void validate(EdgeConfig c) {
        List<String> p = of(c);
        if (!p.isEmpty()) {
            throw new IllegalStateException("Invalid edge-node configuration:\n  - " + String.join("\n  - ", p));
        }
    }
}
