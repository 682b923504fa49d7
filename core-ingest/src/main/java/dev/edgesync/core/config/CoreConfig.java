package dev.edgesync.core.config;

import dev.edgesync.access.ApiKeySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Typed configuration of core-ingest ({@code core.*}); {@link CoreConfigValidator} checks it at startup. */
@ConfigMapping(prefix = "core")
public interface CoreConfig {

    /** Default of {@link #groupId()}; core-ingest's principal needs Read on it. */
    String DEFAULT_GROUP_ID = "core-ingest";

    Kafka kafka();

    Embedded embedded();

    /** Consumer group of the landing relay; its committed offsets are the relay's resume point. */
    @WithDefault(DEFAULT_GROUP_ID)
    String groupId();

    Relay relay();

    Analytics analytics();

    /**
     * Identity of this core-ingest instance among several in one consumer group; names its relay's
     * transactional id. Absent: the host name (stable per pod in a StatefulSet), else a random UUID.
     */
    Optional<String> instanceId();

    /** Per-stream settings, e.g. {@code core.streams.sales.routing=per-region}; undeclared streams use the defaults. */
    Map<String, Stream> streams();

    /** Offset translation index (edge offsets to landing offsets). */
    Offsets offsets();

    /** Site onboarding ({@code POST /v1/sites}). */
    Onboarding onboarding();

    /** Who may call core-ingest's REST API, and what each key may do. */
    Api api();

    /** Access to the REST API ({@code /v1/**}, {@code /q/**} but the liveness and readiness probes). */
    interface Api {
        /**
         * {@code api-key}: every call needs one of {@link #keys()} with the endpoint's scope; {@code none}: open to
         * anyone who can reach the port. Must be set explicitly in the production profile.
         */
        Optional<String> auth();

        /** API keys by name (the name shows in logs and the audit topic); only a hash of each key is configured. */
        Map<String, Key> keys();

        /** One API key: its hash and what it may do. */
        interface Key extends ApiKeySettings.KeySetting {
            /** {@code sha256:<64 hex digits>} of the key as sent by clients. */
            @Override
            String hash();

            /** {@code read} (GET), {@code onboard} (sites and their credentials), {@code downlink} (messages to edges). */
            @Override
            @WithDefault("read")
            List<String> scopes();
        }
    }

    /** What onboarding creates and tells the new site. */
    interface Onboarding {
        /**
         * The centre's address written into the edge configuration that onboarding returns, as edges reach it
         * (an external listener or load balancer); absent: the address core-ingest itself uses.
         */
        Optional<String> edgeBootstrapServers();

        /** Partitions of a stream whose count the request leaves out (0). */
        @WithDefault("3")
        int defaultPartitions();

        /**
         * {@code none}: onboarding creates topics only (credentials and ACLs come from elsewhere, e.g. a Strimzi
         * KafkaUser). {@code scram-sha-512}: it also creates the site's SCRAM user and its ACLs (SiteAccess), and
         * returns the password once. core-ingest's principal then needs Alter on the cluster.
         */
        @WithDefault("none")
        String credentials();

        /** A site's user name is this prefix and its id ({@code site-store-042}); keeps site users apart from others. */
        @WithDefault("site-")
        String userPrefix();

        /**
         * Non-secret Kafka client settings written into every edge configuration as {@code edge.core.kafka.*}, e.g.
         * {@code core.onboarding.edge-kafka."ssl.truststore.location"=/etc/edge-node/centre-ca.crt}.
         */
        Map<String, String> edgeKafka();

        /** Most streams one site may declare (over all its onboardings). */
        @WithDefault("32")
        int maxStreamsPerSite();

        /** Most partitions of one stream; a store box needs a handful. */
        @WithDefault("64")
        int maxPartitionsPerStream();

        /** Most sites the centre knows; a new site beyond it is refused (existing ones may still onboard again). */
        @WithDefault("10000")
        int maxSites();

        /** Where the edge box keeps its link secret (the SASL login); written into the edge configuration. */
        @WithDefault("/etc/edge-node/centre-link.secret")
        String edgeSecretsFile();

        /**
         * Kafka produce quota (bytes per second, per broker) set on each site's user at onboarding when core-ingest
         * manages credentials ({@code scram-sha-512}); with {@code none}, the KafkaUser template carries it. 10 MiB/s
         * by default: far above a store's uplink, low enough that no site can take the brokers from the others.
         */
        @WithDefault("10485760")
        long producerByteRate();
    }

    /** Settings of one stream. */
    interface Stream {
        /**
         * {@code headers}: every site's records go to {@code analytics.<stream>} with {@code route_*} headers.
         * {@code per-region}: to {@code analytics.<region>.<stream>}, region from the site's registration.
         */
        @WithDefault("headers")
        String routing();
    }

    /** The in-memory index of the sites' checkpoints that answers {@code GET /v1/offsets/translate}. */
    interface Offsets {
        /** Sync points kept per (site, stream, partition); the oldest are dropped beyond this. */
        @WithDefault("10000")
        int maxSyncPoints();

        /** How often new sites' checkpoint topics are looked for. */
        @WithDefault("2s")
        Duration discoveryInterval();
    }

    /** The central cluster. */
    interface Kafka {
        /** Bootstrap servers of the central cluster; when absent core-ingest starts an embedded broker as the centre. */
        Optional<String> bootstrapServers();

        /**
         * Kafka client settings passed through to every client of core-ingest (TLS, SASL, ...), e.g.
         * {@code core.kafka.client."security.protocol"=SASL_SSL}.
         */
        Map<String, String> client();
    }

    /** The embedded single-node centre, used only when {@code core.kafka.bootstrap-servers} is absent. */
    interface Embedded {
        /** Client listener port edges connect to; 0 picks a free one (logged at startup). */
        @WithDefault("9092")
        int port();

        /** KRaft controller port; 0 picks a free one. */
        @WithDefault("0")
        int controllerPort();

        @WithDefault("./data/core")
        Path dataDir();

        /** Address the listeners bind to. */
        @WithDefault("127.0.0.1")
        String host();

        /**
         * Host given to edges in metadata instead of {@code host}, e.g. a fault-injecting TCP proxy in
         * front of the centre. core-ingest's own clients use a separate internal listener, so they
         * never go through that proxy.
         */
        Optional<String> advertisedHost();

        /** Port given to edges in metadata instead of {@code port}; see {@code advertised-host}. */
        OptionalInt advertisedPort();

        /**
         * Port of the internal listener core-ingest's own clients use when an advertised address is set
         * (0 picks a free one); also where analytics consumers on this host can read the centre directly.
         */
        @WithDefault("0")
        int internalPort();

        /** Extra broker settings passed through as they are, e.g. {@code core.embedded.config."log.retention.ms"}. */
        Map<String, String> config();
    }

    /** The landing relay: landing.&lt;site&gt;.&lt;stream&gt; to analytics.&lt;stream&gt;, exactly once. */
    interface Relay {
        /** Off only for maintenance: landing data then waits at the centre. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Transactional id of the relay producer; absent: {@code core-ingest-relay-<core.instance-id>}.
         * Must be unique per core-ingest instance; a stable id lets a restarted instance abort its
         * predecessor's open transaction at once.
         */
        Optional<String> transactionalId();

        /** Longest wait for landing records in one poll. */
        @WithDefault("500ms")
        Duration pollTimeout();

        /** How often the landing pattern is re-evaluated: a new site's topics are picked up within about this. */
        @WithDefault("2s")
        Duration metadataMaxAge();

        /** Most landing records relayed in one transaction. */
        @WithDefault("1000")
        int maxPollRecords();

        /** An open relay transaction the relay cannot finish (crash, lost link) is aborted by the cluster after this. */
        @WithDefault("60s")
        Duration transactionTimeout();

        /** Pause after a failed batch or lost connection before trying again. */
        @WithDefault("1s")
        Duration retryBackoff();

        /**
         * How long the group waits for an instance that stopped answering (a crash) before its landing partitions
         * go to the others or to its restarted self; Kafka's default is 45 s. Heartbeats come from their own
         * thread (ten per session), so a long batch does not count against it. Below 6 s the brokers must allow
         * it: {@code group.min.session.timeout.ms} (6 s by default) at most this (the centre's manifests set 1 s).
         */
        @WithDefault("3s")
        Duration sessionTimeout();

        /**
         * How a site gets the registration (region, cloud) its data is routed by. {@code onboarding}: only
         * {@code POST /v1/sites} registers sites, other sites' records go to the DLQ and the relay creates no topic
         * (a secured centre). {@code first-record}: a site that was not onboarded is registered by its first record
         * (an unsecured centre, where sites need not be onboarded).
         */
        @WithDefault("first-record")
        String siteRegistration();
    }

    /** Analytics topics the relay writes to and creates when missing. */
    interface Analytics {
        /** Partitions of an analytics topic created by core-ingest. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of topics created by core-ingest; the cluster's default.replication.factor when absent. */
        OptionalInt replicationFactor();
    }
}
