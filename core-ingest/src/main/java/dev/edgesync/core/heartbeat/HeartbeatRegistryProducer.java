package dev.edgesync.core.heartbeat;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the one {@link HeartbeatRegistry} of the application injectable. */
public class HeartbeatRegistryProducer {

    @Produces
    @Singleton
    HeartbeatRegistry heartbeatRegistry() {
        return new HeartbeatRegistry();
    }
}
