package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.util.Map;

/** The embedded broker that holds every event on this box. */
public interface BrokerConfig {
    /** Loopback port, so stock Kafka tools on the box can read the local topics. */
    @WithDefault("9093")
    int port();

    @WithDefault("127.0.0.1")
    String host();

    /** Extra broker settings passed through as they are, e.g. {@code edge.broker.config."log.segment.bytes"}. */
    Map<String, String> config();
}
