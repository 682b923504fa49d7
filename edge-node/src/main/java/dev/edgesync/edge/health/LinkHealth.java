package dev.edgesync.edge.health;

import dev.edgesync.edge.stream.LinkState;
import dev.edgesync.edge.sync.UplinkService;
import dev.edgesync.edge.sync.UplinkStatus;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The link to the centre, for monitoring only: served at {@code /q/health/group/link} and deliberately not
 * part of readiness or liveness, because an edge that is offline is doing its job (it keeps accepting events).
 * DOWN when the link is down or fenced; UP when it is up, or disabled on purpose (no centre configured).
 */
@HealthGroup(LinkHealth.GROUP)
@ApplicationScoped
public class LinkHealth implements HealthCheck {

    public static final String GROUP = "link";

    private final UplinkService uplink;

    public LinkHealth(UplinkService uplink) {
        this.uplink = uplink;
    }

    @Override
    public HealthCheckResponse call() {
        UplinkStatus s = uplink.status();
        LinkState state = s.state();
        var b = HealthCheckResponse.named("link-to-centre")
                .status(state == LinkState.UP || state == LinkState.DISABLED)
                .withData("state", state.wireName());
        s.coreBootstrapServers().ifPresent(v -> b.withData("coreBootstrapServers", v));
        s.lastSyncAt().ifPresent(v -> b.withData("lastSyncAt", v.toString()));
        s.lastError().ifPresent(v -> b.withData("lastError", v));
        return b.build();
    }
}
