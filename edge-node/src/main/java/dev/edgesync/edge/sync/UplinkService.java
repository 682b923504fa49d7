package dev.edgesync.edge.sync;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.buffer.BufferMonitor;
import dev.edgesync.edge.buffer.Shipping;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.link.LinkSettings;
import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.protocol.Heartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Quarkus wiring of the {@link Uplink}: starts it once the edge broker is up, stops it before the broker
 * stops. Without {@code edge.core.bootstrap-servers} it stays disabled and status says so. Tells the buffer
 * what the centre has committed ({@link Shipping}) and sends the buffer's figures as heartbeats.
 */
@ApplicationScoped
public class UplinkService {

    private static final Logger LOG = Logger.getLogger(UplinkService.class);

    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final SyncControls controls;
    private final BufferMonitor buffer;
    private volatile Uplink uplink;
    private volatile UplinkStatus status = UplinkStatus.disabled();

    public UplinkService(EdgeConfig config, EdgeBroker broker, SyncControls controls, BufferMonitor buffer) {
        this.config = config;
        this.broker = broker;
        this.controls = controls;
        this.buffer = buffer;
    }

    /** After {@link EdgeBroker}: the broker and the curated topics exist. */
    public void start() {
        // Before the buffer monitor starts: its first check already knows what the centre has.
        buffer.shipping(new Shipped());
        if (config.core().bootstrapServers().isEmpty()) {
            LOG.info("Uplink disabled: edge.core.bootstrap-servers is not set; curated data stays on this box until it is");
            return;
        }
        Uplink u = new Uplink(settings(config, broker.bootstrapServers()), controls.shared()
                .withHeartbeats(this::heartbeat, config.sync().heartbeatInterval())
                .withGaps(buffer.gaps()::record), broker.admin());
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

    private Optional<Heartbeat> heartbeat() {
        return HeartbeatAssembly.of(config.site().id(), System.currentTimeMillis(), status.state(), buffer.snapshot(),
                controls.counters(), controls.limiter().rate(), status.clockSkew().latest())
                .map(h -> HeartbeatAssembly.withGaps(h, buffer.gaps().recent(dev.edgesync.protocol.GapRange.MAX_PER_HEARTBEAT)));
    }

    /** What the uplink has shipped, as its live status says. */
    private final class Shipped implements Shipping {
        @Override
        public long committed(StreamPartition sp) {
            return status.progress(sp).committedNextEdgeOffset();
        }

        @Override
        public OptionalLong shipped(StreamPartition sp) {
            return status.progress(sp).shipped();
        }

        @Override
        public double bytesPerSecond() {
            double total = 0;
            for (String stream : config.streams().keySet()) {
                total += controls.counters().stream(stream).sentBytesPerSecond();
            }
            return total;
        }
    }

    /** The uplink's settings from the configuration (the downlink's are {@link LinkSettings#from}). */
    public static UplinkSettings settings(EdgeConfig c, String localBootstrap) {
        Map<String, Integer> streams = new TreeMap<>();
        c.streams().forEach((name, s) -> streams.put(name, s.partitions()));
        return new UplinkSettings(LinkSettings.from(c), streams, localBootstrap, c.core().createTopics(),
                c.core().replicationFactor(), c.sync().maxBatchRecords(), c.sync().deleteRecordsInterval(),
                c.sync().transactionTimeout(), c.sync().linger(), c.sync().batchBytes(), c.sync().compression());
    }
}
