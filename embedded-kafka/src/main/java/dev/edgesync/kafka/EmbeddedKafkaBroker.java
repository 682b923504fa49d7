package dev.edgesync.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A single-node Apache Kafka broker (combined KRaft broker + controller) running in this JVM.
 *
 * <p>Invariants:
 * <ol>
 *   <li>The data directory is formatted only when it holds no {@code meta.properties}; a restart on
 *       the same directory reopens every record and topic written before.</li>
 *   <li>{@link #start()} and {@link #close()} are idempotent; a closed broker can be started again.</li>
 *   <li>Ports given as 0 are chosen once, at the first start, and kept for later restarts of this
 *       instance, so clients configured with {@link #bootstrapServers()} find it again.</li>
 *   <li>Every internal topic uses replication factor 1 and min ISR 1: there is one node.</li>
 * </ol>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = KraftNodes.CONTROLLER_LISTENER;
    private static final String CLIENT_LISTENER = KraftNodes.CLIENT_LISTENER;

    private final Path dataDir;
    private final String host;
    private final String advertisedHost;
    private final Map<String, String> overrides;
    private final boolean deleteDataOnClose;
    private final String extraListener;
    private final String extraAdvertisedHost;
    private int extraPort;
    private int extraAdvertisedPort;
    private int port;
    private int advertisedPort;
    private int controllerPort;
    private final BrokerSecurity security;
    private int internalPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder b) {
        this.dataDir = b.dataDir.toAbsolutePath();
        this.host = b.host;
        this.advertisedHost = b.advertisedHost == null ? b.host : b.advertisedHost;
        this.port = b.port;
        this.advertisedPort = b.advertisedPort;
        this.controllerPort = b.controllerPort;
        this.overrides = Map.copyOf(b.overrides);
        this.deleteDataOnClose = b.deleteDataOnClose;
        this.extraListener = b.extraListener;
        this.extraPort = b.extraPort;
        this.extraAdvertisedHost = b.extraAdvertisedHost == null ? b.host : b.extraAdvertisedHost;
        this.extraAdvertisedPort = b.extraAdvertisedPort;
        this.security = b.security;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats the data directory if it is new, then starts the broker; does nothing if it runs already. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long t0 = System.nanoTime();
        if (port == 0) {
            port = LocalPorts.free(host);
        }
        if (controllerPort == 0) {
            controllerPort = LocalPorts.free(host);
        }
        if (advertisedPort == 0) {
            advertisedPort = port;
        }
        if (extraListener != null && extraPort == 0) {
            extraPort = LocalPorts.free(host);
        }
        if (extraListener != null && extraAdvertisedPort == 0) {
            extraAdvertisedPort = extraPort;
        }
        if (security != null && internalPort == 0) {
            internalPort = LocalPorts.free("127.0.0.1");
        }
        if (security != null) {
            SaslServerProviders.ownedByThisClassLoader();
        }
        Path logDir = dataDir.resolve("kafka-logs");
        Properties props = brokerProperties(logDir);
        KafkaConfig config = new KafkaConfig(props, false);
        KraftNodes.formatIfNew(logDir, Uuid.randomUuid().toString(), NODE_ID);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            KraftNodes.shutdown(s);
            throw new IllegalStateException("Embedded Kafka broker failed to start on " + host + ":" + port
                    + " with data in " + dataDir + ": " + e.getMessage(), e);
        }
        server = s;
        LOG.info("Embedded Kafka broker ready at {} (data {}) in {} ms",
                bootstrapServers(), dataDir, (System.nanoTime() - t0) / 1_000_000);
        return this;
    }

    /** The address clients use: {@code host:port} as advertised. */
    public String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("broker has not been started yet, its port is not chosen");
        }
        return advertisedHost + ":" + advertisedPort;
    }

    /** The address clients of the extra listener get, e.g. edges reaching the centre through a proxy. */
    public String bootstrapServers(String listener) {
        if (!listener.equals(extraListener)) {
            return bootstrapServers();
        }
        if (extraPort == 0) {
            throw new IllegalStateException("broker has not been started yet, its port is not chosen");
        }
        return extraAdvertisedHost + ":" + extraAdvertisedPort;
    }

    /**
     * Where the broker's administrator connects: the internal loopback listener of a secured broker (use with
     * {@link #adminClientProperties()}), else the same as {@link #bootstrapServers()}.
     */
    public String internalBootstrapServers() {
        if (security == null) {
            return bootstrapServers();
        }
        if (internalPort == 0) {
            throw new IllegalStateException("broker has not been started yet, its port is not chosen");
        }
        return "127.0.0.1:" + internalPort;
    }

    /** Bootstrap servers plus, on a secured broker, the super user's credentials: what an admin client needs. */
    public Map<String, Object> adminClientProperties() {
        Map<String, Object> c = new HashMap<>();
        if (security != null) {
            c.putAll(security.adminClientSettings());
        }
        c.put("bootstrap.servers", internalBootstrapServers());
        return c;
    }

    /** How the broker is secured; empty for a plaintext broker without authorization. */
    public Optional<BrokerSecurity> security() {
        return Optional.ofNullable(security);
    }

    /** Bind port of the extra listener, 0 if there is none or it is not chosen yet. */
    public int extraListenerPort() {
        return extraPort;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker and waits for it; deletes the data only if the builder asked for it. */
    @Override
    public synchronized void close() {
        if (server != null) {
            long t0 = System.nanoTime();
            KraftNodes.shutdown(server);
            server = null;
            LOG.info("Embedded Kafka broker {} stopped in {} ms", advertisedHost + ":" + advertisedPort,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        if (deleteDataOnClose && !DataDirs.deleteRecursively(dataDir)) {
            LOG.warn("Could not delete all of {}", dataDir);
        }
    }

    private Properties brokerProperties(Path logDir) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        if (security != null) {
            p.putAll(security.brokerSettings(host, port, advertisedHost, advertisedPort, internalPort,
                    CONTROLLER_LISTENER, controllerPort));
        } else {
            plaintextListeners(p);
        }
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One node: every internal topic must live with a single replica.
        KraftNodes.replicationDefaults(p, 1);
        // Fail fast on shutdown instead of waiting for a controlled shutdown that has no peer.
        p.put("controlled.shutdown.enable", "false");
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private void plaintextListeners(Map<String, String> p) {
        String listeners = CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort;
        String advertised = CLIENT_LISTENER + "://" + advertisedHost + ":" + advertisedPort;
        String protocols = CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT";
        if (extraListener != null) {
            listeners += "," + extraListener + "://" + host + ":" + extraPort;
            advertised += "," + extraListener + "://" + extraAdvertisedHost + ":" + extraAdvertisedPort;
            protocols += "," + extraListener + ":PLAINTEXT";
        }
        p.put("listeners", listeners);
        p.put("advertised.listeners", advertised);
        p.put("listener.security.protocol.map", protocols);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
    }

    /** Builds an {@link EmbeddedKafkaBroker}; every setting has a default fit for a test on loopback. */
    public static final class Builder {
        private Path dataDir;
        private String host = "127.0.0.1";
        private String advertisedHost;
        private int port;
        private int advertisedPort;
        private int controllerPort;
        private final Map<String, String> overrides = new HashMap<>();
        private boolean deleteDataOnClose;
        private String extraListener;
        private int extraPort;
        private String extraAdvertisedHost;
        private int extraAdvertisedPort;
        private BrokerSecurity security;

        /** Where logs and metadata live; a temp directory (deleted on close) when not set. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Host to bind the client and controller listeners to. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Client listener port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = requirePort(port, "port");
            return this;
        }

        /** Controller listener port; 0 picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = requirePort(controllerPort, "controllerPort");
            return this;
        }

        /**
         * Address given to clients in metadata, when it differs from the bind address, for example
         * when clients reach the broker through a proxy that can cut the link.
         */
        public Builder advertised(String host, int port) {
            this.advertisedHost = host;
            this.advertisedPort = requirePort(port, "advertisedPort");
            return this;
        }

        /**
         * A second plaintext client listener named {@code name}, bound on {@code port} (0 = free) and
         * advertised as {@code advertisedHost:advertisedPort} (0 = the bound port). Kafka answers each
         * client with the addresses of the listener it connected to, so local clients can use the main
         * listener while remote ones go through, say, a proxy that can cut their link.
         */
        public Builder extraListener(String name, int port, String advertisedHost, int advertisedPort) {
            if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals(CLIENT_LISTENER) || name.equals(CONTROLLER_LISTENER)) {
                throw new IllegalArgumentException("listener name must be upper-case and not " + CLIENT_LISTENER
                        + " or " + CONTROLLER_LISTENER + ": " + name);
            }
            this.extraListener = name;
            this.extraPort = requirePort(port, "extra listener port");
            this.extraAdvertisedHost = advertisedHost;
            this.extraAdvertisedPort = requirePort(advertisedPort, "extra listener advertised port");
            return this;
        }

        /**
         * Secures the broker as {@link BrokerSecurity} says: the client listener becomes SASL_SSL, a loopback
         * listener carries the broker's own and its administrator's traffic, and ACLs decide everything.
         * Not combined with {@link #extraListener}.
         */
        public Builder secured(BrokerSecurity security) {
            this.security = security;
            return this;
        }

        /** A broker setting, e.g. a topic default such as {@code log.retention.ms}; wins over the defaults. */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder config(Map<String, String> settings) {
            overrides.putAll(settings);
            return this;
        }

        public Builder deleteDataOnClose(boolean delete) {
            this.deleteDataOnClose = delete;
            return this;
        }

        public EmbeddedKafkaBroker build() {
            if (security != null && extraListener != null) {
                throw new IllegalArgumentException("a secured broker has its own internal listener; drop extraListener "
                        + extraListener);
            }
            if (dataDir == null) {
                dataDir = DataDirs.newTemp("embedded-kafka-");
                deleteDataOnClose = true;
            }
            return new EmbeddedKafkaBroker(this);
        }

        private static int requirePort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be within 0..65535, was " + port);
            }
            return port;
        }
    }
}
