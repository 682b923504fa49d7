package dev.edgesync.edge.ingest;

import dev.edgesync.edge.admission.IngestCost;
import dev.edgesync.kafka.DataDirs;
import dev.edgesync.kafka.LocalPorts;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives the edge node under test a free broker port, a fresh data dir and small ingest limits, so
 * tests run next to other brokers and servers on the machine.
 */
public class EdgeNodeTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_BATCH_EVENTS = 20;
    /**
     * The ingest budget holds this many requests of MAX_BODY_BYTES at once (AdmissionIT fills it): enough to hold
     * one request of 1 MiB too, as this resource applies to every test and some raise max-body-bytes to that.
     */
    public static final int MAX_SIZE_REQUESTS_AT_ONCE = 16;
    public static final long BUDGET = MAX_SIZE_REQUESTS_AT_ONCE * IngestCost.of(MAX_BODY_BYTES);
    public static final int BODY_TIMEOUT_SECONDS = 10;

    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("edge-node-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "edge.broker.port", String.valueOf(LocalPorts.free()),
                "edge.data-dir", dataDir.toString(),
                "quarkus.http.test-port", "0",
                "edge.ingest.max-body-bytes", String.valueOf(MAX_BODY_BYTES),
                "edge.ingest.max-batch-events", String.valueOf(MAX_BATCH_EVENTS),
                "edge.ingest.append-timeout", "10s",
                "edge.ingest.max-inflight-bytes", String.valueOf(BUDGET),
                "edge.ingest.body-timeout", BODY_TIMEOUT_SECONDS + "s",
                // The tests read raw.* back after the pipeline has taken it: raw is not freed under them (once, CI
                // read nothing because the reclaimer had deleted the records between the POST and the read).
                "edge.sync.delete-records-interval", "1h");
    }

    @Override
    public void stop() {
        if (dataDir != null) {
            DataDirs.deleteRecursively(dataDir);
        }
    }
}
