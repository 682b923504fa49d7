package dev.edgesync.edge.downlink;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.link.LinkSettings;
import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.edge.sync.SyncControls;
import dev.edgesync.protocol.downlink.RuntimeSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Quarkus wiring of the {@link Downlink}: restores downlinked settings once the state store is open, then reads the
 * centre's control topics while {@code edge.core.bootstrap-servers} is set; stops before the state store closes.
 */
@ApplicationScoped
public class DownlinkService {

    private static final Logger LOG = Logger.getLogger(DownlinkService.class);

    private final EdgeConfig config;
    private final EdgeStateStore state;
    private final EdgeBroker broker;
    private final SyncControls controls;
    private volatile Downlink downlink;
    private volatile DownlinkStatus status = DownlinkStatus.disabled();

    public DownlinkService(EdgeConfig config, EdgeStateStore state, EdgeBroker broker, SyncControls controls) {
        this.config = config;
        this.state = state;
        this.broker = broker;
        this.controls = controls;
    }

    /** After the state store and the reference files, before the uplink so a downlinked cap holds from its start. */
    public void start() {
        RuntimeOverrides overrides = overrides(config, state, controls);
        overrides.restore();
        boolean on = config.core().bootstrapServers().isPresent() && config.downlink().enabled();
        DownlinkStatus st = new DownlinkStatus(on ? "down" : "disabled");
        DownlinkApplier applier = new DownlinkApplier(state.store(), overrides, st, config.site().id(),
                config.site().region(), config.site().cloud(), config.downlink().maxMessageBytes());
        status = st.loadCounts(applier.ledger());
        if (!on) {
            LOG.info("Downlink disabled: no edge.core.bootstrap-servers, or edge.downlink.enabled=false");
            return;
        }
        downlink = new Downlink(LinkSettings.from(config), applier, st,
                config.downlink().discoveryInterval()).start();
    }

    /** Before the state store closes (and before the broker). */
    public void stop() {
        Downlink d = downlink;
        if (d != null) {
            d.close();
            downlink = null;
        }
    }

    public DownlinkStatus status() {
        return status;
    }

    /** The runtime-safe settings of this edge, the bounds it holds them to, and where each takes effect. */
    static RuntimeOverrides overrides(EdgeConfig config, EdgeStateStore state, SyncControls controls) {
        return new RuntimeOverrides(state.store(), Map.of(RuntimeSettings.MAX_BYTES_PER_SECOND, new RuntimeOverrides.Knob(
                String.valueOf(config.sync().maxBytesPerSecond()),
                RuntimeOverrides.capFloor(RuntimeSettings.MAX_BYTES_PER_SECOND, config.downlink().minBytesPerSecond(),
                        "edge.downlink.min-bytes-per-second"),
                v -> controls.limiter().setRate(Long.parseLong(v)))));
    }
}
