package dev.edgesync.core.relay;

import dev.edgesync.core.broker.CentreKafka;
import dev.edgesync.core.broker.CoreTopics;
import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.core.config.InstanceId;
import dev.edgesync.core.sites.SiteRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the {@link LandingRelay} on its own thread: starts it after the centre is up and the internal
 * topics exist, stops it (waiting for the batch in hand) before the centre goes down. {@link #stop()}
 * and {@link #start()} also serve operations and tests that restart the relay alone.
 */
@ApplicationScoped
public class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class);
    /** After {@link CentreKafka} (10). */
    static final int START_PRIORITY = 20;

    private final CoreConfig config;
    private final CentreKafka centre;
    private final SiteRegistry registry;
    private final MeterRegistry meters;
    private Admin admin;
    private LandingRelay relay;
    private Thread thread;

    public Relay(CoreConfig config, CentreKafka centre, SiteRegistry registry, MeterRegistry meters) {
        this.meters = meters;
        this.config = config;
        this.centre = centre;
        this.registry = registry;
    }

    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent ev) {
        if (!config.relay().enabled()) {
            LOG.warn("Landing relay is disabled (core.relay.enabled=false): landed data waits at the centre until it is enabled");
            return;
        }
        start();
    }

    void onStop(@Observes @Priority(100) ShutdownEvent ev) {
        stop();
    }

    /** Starts the relay if it is not running; the new session resumes from the committed offsets. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        if (admin == null) {
            admin = centre.admin();
        }
        CoreTopics topics = CoreTopics.of(admin, config);
        topics.ensureInternal();
        CoreConfig.Relay r = config.relay();
        // Distinct per instance: N instances share the consumer group, each with its own producer (see LandingRelay).
        String transactionalId = InstanceId.relayTransactionalId(config);
        RelaySettings settings = new RelaySettings(centre.clientProperties(), config.groupId(), transactionalId,
                r.pollTimeout(), r.metadataMaxAge(), r.maxPollRecords(), r.transactionTimeout(), r.retryBackoff(),
                r.sessionTimeout());
        Map<String, String> routing = new TreeMap<>();
        config.streams().forEach((name, st) -> routing.put(name, st.routing()));
        SiteRegistrationMode registration = SiteRegistrationMode.parse(r.siteRegistration()).orElseThrow();
        relay = new LandingRelay(settings, topics, registry, RelayHooks.NONE, Clock.systemUTC(),
                new LandingRouter(StreamRouting.fromConfig(routing)), registration,
                (site, reason, n) -> meters.counter("core.relay.dead.lettered", "site", site, "reason", reason).increment(n));
        LOG.infof("Landing relay routing: %s (every other stream: headers); sites registered by %s",
                routing.isEmpty() ? "no per-stream settings" : routing, registration.key());
        thread = new Thread(relay, "landing-relay");
        thread.start();
    }

    /** Stops the relay after the batch in hand and waits for its thread. */
    public synchronized void stop() {
        if (thread == null) {
            closeAdmin();
            return;
        }
        long t0 = System.nanoTime();
        relay.stop();
        try {
            thread.join(config.relay().transactionTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Landing relay thread did not stop in time; its open transaction (if any) will be aborted by the cluster");
        }
        thread = null;
        closeAdmin();
        LOG.infof("Landing relay stopped in %d ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    public synchronized boolean isRunning() {
        return thread != null && relay.isHealthy();
    }

    /** The current relay, for counters; null when stopped. */
    public synchronized LandingRelay current() {
        return thread == null ? null : relay;
    }
}
