package dev.edgesync.edge.sync;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.config.EdgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.TreeMap;

/**
 * Quarkus wiring of the {@link Uplink}: starts it once the edge broker is up, stops it before the broker
 * stops. Without {@code edge.core.bootstrap-servers} it stays disabled and status says so.
 */
@ApplicationScoped
public class UplinkService {

    private static final Logger LOG = Logger.getLogger(UplinkService.class);

    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final SyncControls controls;
    private volatile Uplink uplink;
    private volatile UplinkStatus status = UplinkStatus.disabled();

    public UplinkService(EdgeConfig config, EdgeBroker broker, SyncControls controls) {
        this.config = config;
        this.broker = broker;
        this.controls = controls;
    }

    /** After {@link EdgeBroker}: the broker and the curated topics exist. */
    public void start() {
        if (config.core().bootstrapServers().isEmpty()) {
            LOG.info("Uplink disabled: edge.core.bootstrap-servers is not set; curated data stays on this box until it is");
            return;
        }
        Uplink u = new Uplink(settings(config, broker.bootstrapServers()), controls.shared(), broker.admin());
        status = u.status();
        uplink = u.start();
    }

    /** Before the broker and its admin client stop. */
    public void stop() {
        Uplink u = uplink;
        if (u != null) {
            long t0 = System.nanoTime();
            u.close();
            uplink = null;
            LOG.infof("Uplink stopped in %d ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    public UplinkStatus status() {
        return status;
    }

    /** The uplink's (and downlink's) settings from the configuration. */
    public static UplinkSettings settings(EdgeConfig c, String localBootstrap) {
        Map<String, Integer> streams = new TreeMap<>();
        c.streams().forEach((name, s) -> streams.put(name, s.partitions()));
        return new UplinkSettings(c.site().id(), c.site().region(), c.site().cloud(), streams, localBootstrap,
                c.core().bootstrapServers().orElseThrow(), LinkSecrets.merged(c.core().kafka(), c.core().kafkaSecretsFile()),
                c.core().createTopics(),
                c.core().replicationFactor(), c.sync().retryBackoff(), c.sync().maxBatchRecords(),
                c.sync().deleteRecordsInterval(), c.sync().transactionTimeout(), c.sync().requestTimeout(),
                c.sync().linger(), c.sync().batchBytes(), c.sync().compression());
    }
}
