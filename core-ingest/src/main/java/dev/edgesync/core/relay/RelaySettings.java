package dev.edgesync.core.relay;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link LandingRelay} needs to know, independent of how it is configured.
 *
 * @param sessionTimeout how long the group waits for a relay instance that stopped answering before its partitions
 *                       go to the others (Kafka's {@code session.timeout.ms})
 * @param fenceOrphans   whether taking partitions over aborts the open transactions of instances that left the group
 *                       ({@link OrphanFencer}); always on in core-ingest, off only to measure what it saves
 */
public record RelaySettings(Map<String, Object> clientProperties, String groupId, String transactionalId,
                            Duration pollTimeout, Duration metadataMaxAge, int maxPollRecords,
                            Duration transactionTimeout, Duration retryBackoff, Duration sessionTimeout,
                            boolean fenceOrphans) {

    /** Kafka's own session timeout. */
    static final Duration KAFKA_DEFAULT_SESSION = Duration.ofSeconds(45);

    public RelaySettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Fencing the open transactions of instances that left the group. */
    public RelaySettings(Map<String, Object> clientProperties, String groupId, String transactionalId,
                         Duration pollTimeout, Duration metadataMaxAge, int maxPollRecords,
                         Duration transactionTimeout, Duration retryBackoff, Duration sessionTimeout) {
        this(clientProperties, groupId, transactionalId, pollTimeout, metadataMaxAge, maxPollRecords, transactionTimeout,
                retryBackoff, sessionTimeout, true);
    }

    /** With Kafka's default session timeout. */
    public RelaySettings(Map<String, Object> clientProperties, String groupId, String transactionalId,
                         Duration pollTimeout, Duration metadataMaxAge, int maxPollRecords,
                         Duration transactionTimeout, Duration retryBackoff) {
        this(clientProperties, groupId, transactionalId, pollTimeout, metadataMaxAge, maxPollRecords, transactionTimeout,
                retryBackoff, KAFKA_DEFAULT_SESSION);
    }
}
