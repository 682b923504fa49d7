package dev.edgesync.edge.health;

import dev.edgesync.edge.downlink.DownlinkService;
import dev.edgesync.edge.downlink.DownlinkStatus;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The downlink from the centre, for monitoring beside {@link LinkHealth} ({@code /q/health/group/link}, not readiness:
 * an offline edge is doing its job). DOWN while it cannot read (down) or its thread ended (failed), with the reason;
 * the last rejected message is shown but does not make it DOWN, since the ones after it are applied.
 */
@HealthGroup(LinkHealth.GROUP)
@ApplicationScoped
public class DownlinkHealth implements HealthCheck {

    private final DownlinkService downlink;

    public DownlinkHealth(DownlinkService downlink) {
        this.downlink = downlink;
    }

    @Override
    public HealthCheckResponse call() {
        DownlinkStatus s = downlink.status();
        var b = HealthCheckResponse.named("downlink-from-centre")
                .status("up".equals(s.state()) || "disabled".equals(s.state()))
                .withData("state", s.state());
        s.lastError().ifPresent(v -> b.withData("lastError", v));
        s.lastRejection().ifPresent(r -> b.withData("lastRejected", r.id() + " at " + r.topic() + "-" + r.partition()
                + "@" + r.offset() + " (" + r.reason().wireName() + "): " + r.detail()));
        return b.build();
    }
}
