package dev.edgesync.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Resolves this instance's identity: {@code core.instance-id}, else the host name, else a random UUID. */
public final class InstanceId {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    public static final String RELAY_TX_PREFIX = "core-ingest-relay-";

    private InstanceId() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String resolve(Optional<String> configured) {
        if (configured.isPresent()) {
            return configured.get().trim();
        }
        String host = System.getenv("HOSTNAME");
        if (!isValid(host)) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = null;
            }
        }
        // A random id is safe but costs a restart the fast abort of its predecessor's open transaction.
        return isValid(host) ? host : UUID.randomUUID().toString();
    }

    /** The relay's transactional id: the configured one, else {@code core-ingest-relay-<instance id>}. */
    public static String relayTransactionalId(CoreConfig c) {
        return c.relay().transactionalId().map(String::trim).orElseGet(() -> RELAY_TX_PREFIX + resolve(c.instanceId()));
    }
}
