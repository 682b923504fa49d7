package dev.edgesync.edge.buffer;

import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.kafka.LocalPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * An edge app with an 8 MiB disk quota and one-partition streams; with the init arg {@code core=true} also a
 * core broker for its uplink (else the edge is offline).
 */
public class QuotaAppResource implements QuarkusTestResourceLifecycleManager {

    /** The smallest quota four single-partition streams may have (2 MiB per raw, curated and dlq partition). */
    static final long MAX_BYTES = 24L << 20;


    private EmbeddedKafkaBroker core;
    private boolean withCore;
    private boolean hugeSegments;

    @Override
    public void init(Map<String, String> initArgs) {
        withCore = Boolean.parseBoolean(initArgs.getOrDefault("core", "false"));
        hugeSegments = Boolean.parseBoolean(initArgs.getOrDefault("huge-segments", "false"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> m = new HashMap<>();
        try {
            m.put("edge.data-dir", Files.createTempDirectory("edge-node-quota-it-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.put("edge.broker.port", String.valueOf(LocalPorts.free()));
        m.put("quarkus.http.test-port", "0");
        m.put("edge.buffer.max-bytes", String.valueOf(MAX_BYTES));
        m.put("edge.ingest.max-body-bytes", "1048576");
        m.put("edge.ingest.max-batch-events", "1000");
        m.put("edge.buffer.check-interval", "200ms");
        m.put("edge.buffer.retry-after-seconds", "7");
        m.put("edge.sync.delete-records-interval", "500ms");
        m.put("edge.streams.sales.partitions", "1");
        m.put("edge.streams.payments.partitions", "1");
        m.put("edge.streams.telemetry.partitions", "1");
        m.put("edge.streams.stock.partitions", "1");
        m.put("edge.streams.telemetry.priority", "bulk");
        m.put("edge.streams.telemetry.buffer-policy", "drop-oldest");
        m.put("edge.streams.payments.priority", "critical");
        if (hugeSegments) {
            // Segments that never roll: whatever is written stays on disk after it is sent.
            m.put("edge.broker.config.\"log.segment.bytes\"", String.valueOf(1 << 30));
        }
        if (withCore) {
            core = EmbeddedKafkaBroker.builder().build().start();
            m.put("edge.core.bootstrap-servers", core.bootstrapServers());
            m.put("edge.sync.retry-backoff", "300ms");
            m.put("edge.sync.request-timeout", "3s");
            m.put("edge.sync.transaction-timeout", "10s");
            m.put("edge.sync.heartbeat-interval", "500ms");
            // A trickle, so a backlog builds up until the test lifts the cap.
            m.put("edge.sync.max-bytes-per-second", "1024");
        }
        return m;
    }

    @Override
    public void stop() {
        if (core != null) {
            core.close();
        }
    }
}
