package dev.edgesync.core.relay;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the landing relay has a live session with the centre. */
@Readiness
@ApplicationScoped
public class RelayHealth implements HealthCheck {

    private final Relay relay;

    public RelayHealth(Relay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        LandingRelay r = relay.current();
        var b = HealthCheckResponse.named("landing-relay").status(relay.isRunning());
        if (r != null) {
            b.withData("relayed", r.relayedCount()).withData("deadLettered", r.deadLetteredCount())
                    .withData("committedBatches", r.committedBatches()).withData("abortedBatches", r.abortedBatches())
                    .withData("fencedInstances", r.fencedInstances())
                    .withData("sessionTimeout", r.sessionTimeout().toString());
        }
        return b.build();
    }
}
