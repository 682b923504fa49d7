package dev.edgesync.core.relay;

import java.time.Duration;
import java.util.Map;

/** What {@link LandingRelay} needs to know, independent of how it is configured. */
public record RelaySettings(Map<String, Object> clientProperties, String groupId, String transactionalId,
                            Duration pollTimeout, Duration metadataMaxAge, int maxPollRecords,
                            Duration transactionTimeout, Duration retryBackoff) {

    public RelaySettings {
        clientProperties = Map.copyOf(clientProperties);
    }
}
