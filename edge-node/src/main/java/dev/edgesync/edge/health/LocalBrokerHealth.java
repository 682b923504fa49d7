package dev.edgesync.edge.health;

import dev.edgesync.edge.broker.EdgeBroker;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/** Ready only while the embedded broker answers: without it no event can be accepted or shipped. */
@Readiness
@ApplicationScoped
public class LocalBrokerHealth implements HealthCheck {

    static final String NAME = "local-broker";
    private static final int TIMEOUT_MS = 3000;

    private final EdgeBroker broker;
    private volatile boolean stopped;

    public LocalBrokerHealth(EdgeBroker broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named(NAME).withData("bootstrapServers", broker.bootstrapServers());
        try {
            if (stopped) {
                return b.down().withData("error", "shutting down").build();
            }
            Admin a = broker.admin();
            int nodes = a.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return b.status(nodes > 0).withData("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return b.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return b.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    /** Says "shutting down" from the start of the shutdown on, before the broker stops. */
    public void stop() {
        stopped = true;
    }
}
