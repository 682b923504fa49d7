package dev.edgesync.edge.health;

import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Ready only while the RocksDB state store is open and answers a read: ingest needs its idempotency index. */
@Readiness
@ApplicationScoped
public class StateStoreHealth implements HealthCheck {

    static final String NAME = "state-store";
    private static final byte[] PROBE = "health-probe".getBytes(StandardCharsets.UTF_8);

    private final EdgeStateStore state;

    public StateStoreHealth(EdgeStateStore state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named(NAME);
        Optional<StateStore> store = state.ifOpen();
        if (store.isEmpty()) {
            return b.down().withData("error", "not open").build();
        }
        try {
            store.get().get(StateFamilies.IDEMPOTENCY_MARKS, PROBE);
            return b.up().withData("directory", store.get().directory().toString()).build();
        } catch (RuntimeException e) {
            return b.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
