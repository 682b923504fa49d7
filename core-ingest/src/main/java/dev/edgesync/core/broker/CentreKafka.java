package dev.edgesync.core.broker;

import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.core.config.CoreConfigValidator;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;

/**
 * The central cluster as core-ingest sees it: validates the configuration, then either uses the
 * configured {@code core.kafka.bootstrap-servers} or starts an embedded single-node broker as "the
 * centre" before any client connects, and stops it after every client at shutdown.
 *
 * <p>When an advertised address is configured (a proxy in front of the centre), the embedded broker
 * gets a second, internal listener for core-ingest's own clients, so cutting the proxy cuts the
 * edges' link only, as a real WAN cut would.
 */
@ApplicationScoped
public class CentreKafka {

    private static final Logger LOG = Logger.getLogger(CentreKafka.class);
    /** Before every other startup observer of core-ingest. */
    static final int START_PRIORITY = 10;

    private final CoreConfig config;
    private EmbeddedKafkaBroker broker;
    private static final String INTERNAL_LISTENER = "INTERNAL";
    private String internalBootstrap;
    private String edgeBootstrap;

    public CentreKafka(CoreConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent ev) {
        start();
    }

    /** Last observer of shutdown: every client of the centre has been closed before. */
    void onStop(@Observes @Priority(Integer.MAX_VALUE - 10) ShutdownEvent ev) {
        close();
    }

    synchronized void start() {
        CoreConfigValidator.validate(config);
        if (config.kafka().bootstrapServers().isPresent()) {
            internalBootstrap = config.kafka().bootstrapServers().get().trim();
            edgeBootstrap = internalBootstrap;
            LOG.infof("Centre cluster at %s (external); edges should use edge.core.bootstrap-servers=%s",
                    internalBootstrap, edgeBootstrap);
            return;
        }
        startEmbedded();
    }

    private void startEmbedded() {
        CoreConfig.Embedded e = config.embedded();
        Map<String, String> settings = new HashMap<>();
        settings.put("log.flush.interval.messages", "1");
        // The relay's session timeout (core.relay.session-timeout, 3 s) is below Kafka's default floor of 6 s.
        settings.put("group.min.session.timeout.ms", "1000");
        EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder()
                .dataDir(e.dataDir().resolve("broker"))
                .host(e.host())
                .port(e.port())
                .controllerPort(e.controllerPort());
        boolean proxied = e.advertisedHost().isPresent() || e.advertisedPort().isPresent();
        if (proxied) {
            // Metadata answers with the addresses of the listener a request came in on: edges (through
            // the proxy) see the advertised address, core-ingest's own clients and the broker's own
            // inter-broker traffic (transaction markers) use the internal listener, never the proxy.
            b.advertised(e.advertisedHost().orElse(e.host()), e.advertisedPort().orElse(e.port()))
                    .extraListener(INTERNAL_LISTENER, e.internalPort(), e.host(), 0);
            settings.put("inter.broker.listener.name", INTERNAL_LISTENER);
        }
        settings.putAll(e.config());
        broker = b.config(settings).build().start();
        edgeBootstrap = broker.bootstrapServers();
        internalBootstrap = proxied ? broker.bootstrapServers(INTERNAL_LISTENER) : edgeBootstrap;
        LOG.infof("Centre broker at %s (embedded, data in %s, listening on %s:%d); edges should use edge.core.bootstrap-servers=%s",
                internalBootstrap, e.dataDir().toAbsolutePath(), e.host(), broker.port(), edgeBootstrap);
    }

    public synchronized void close() {
        if (broker != null) {
            broker.close();
            broker = null;
            LOG.info("Centre broker stopped");
        }
    }

    /** Where core-ingest's own clients connect. */
    public synchronized String bootstrapServers() {
        if (internalBootstrap == null) {
            throw new IllegalStateException("the centre has not been started yet");
        }
        return internalBootstrap;
    }

    /** The address edges should be given in {@code edge.core.bootstrap-servers}. */
    public synchronized String edgeBootstrapServers() {
        return edgeBootstrap;
    }

    public boolean isEmbedded() {
        return config.kafka().bootstrapServers().isEmpty();
    }

    /** Settings every client of core-ingest starts from: bootstrap plus the passthrough settings. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new HashMap<>(config.kafka().client());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** A new admin client of the centre; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

}
