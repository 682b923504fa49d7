package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The central cluster the uplink writes to. */
public interface CoreConfig {
    /** Bootstrap servers of the centre; when absent the uplink stays idle and data waits on disk. */
    Optional<String> bootstrapServers();

    /** Kafka client settings for the link (TLS, SASL, ...), passed through to every core client. */
    Map<String, String> kafka();

    /**
     * A properties file of more link settings, kept apart from application.properties and readable by the service
     * only: the SASL login ({@code sasl.jaas.config}) core-ingest onboarding hands out. Its entries win over
     * {@code edge.core.kafka.*}.
     */
    Optional<Path> kafkaSecretsFile();

    /**
     * Whether the edge creates its landing and checkpoint topics at the centre when missing (its ACL
     * covers its own prefix); off when core-ingest onboarding creates them.
     */
    @WithDefault("true")
    boolean createTopics();

    /** Replication factor of topics the edge creates at the centre; -1 takes the cluster default. */
    @WithDefault("-1")
    short replicationFactor();
}
