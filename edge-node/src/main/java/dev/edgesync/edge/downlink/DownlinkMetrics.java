package dev.edgesync.edge.downlink;

import dev.edgesync.edge.downlink.DownlinkLedger.Outcome;
import dev.edgesync.protocol.downlink.DownlinkKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus metrics of the downlink: {@code edge_downlink_messages_total{kind,outcome}} (applied, ignored: for other
 * sites, rejected), {@code edge_downlink_rejected_total{reason}} (since start: oversized, malformed, invalid, failed),
 * {@code edge_downlink_refused_settings_total} and {@code edge_downlink_up}.
 */
@ApplicationScoped
public class DownlinkMetrics {

    private final MeterRegistry registry;
    private final DownlinkService downlink;

    public DownlinkMetrics(MeterRegistry registry, DownlinkService downlink) {
        this.registry = registry;
        this.downlink = downlink;
    }

    /** Registers the meters, once the downlink service has started. */
    public void start() {
        for (DownlinkKind kind : DownlinkKind.values()) {
            for (Outcome outcome : Outcome.values()) {
                FunctionCounter.builder("edge.downlink.messages", downlink, d -> d.status().count(kind.wireName(), outcome))
                        .tag("kind", kind.wireName()).tag("outcome", outcome.wireName())
                        .description("downlink messages by outcome, over the life of this box's state").register(registry);
            }
        }
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("edge.downlink.rejected", downlink, d -> d.status().rejected(reason))
                    .tag("reason", reason.wireName())
                    .description("downlink messages rejected and skipped since start, by reason").register(registry);
        }
        FunctionCounter.builder("edge.downlink.refused.settings", downlink, d -> d.status().refusedSettings())
                .description("settings of config messages not applied (not runtime-safe or invalid)").register(registry);
        Gauge.builder("edge.downlink.up", downlink, d -> "up".equals(d.status().state()) ? 1 : 0)
                .description("1 while the downlink reads the centre's control topics").register(registry);
    }
}
