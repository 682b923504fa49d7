package dev.edgesync.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks a {@link CoreConfig} and reports every problem at once, each naming its key. */
public final class CoreConfigValidator {

    private CoreConfigValidator() {
    }

    public static List<String> problems(CoreConfig c) {
        List<String> p = new ArrayList<>();
        c.kafka().bootstrapServers().ifPresent(b -> {
            if (b.isBlank()) {
                p.add("core.kafka.bootstrap-servers is blank: remove it to run the embedded centre, or give host:port[,host:port]");
            }
        });
        if (c.kafka().client().containsKey("bootstrap.servers")) {
            p.add("core.kafka.client.\"bootstrap.servers\" is not allowed: use core.kafka.bootstrap-servers");
        }
        if (c.kafka().bootstrapServers().isEmpty()) {
            CoreConfig.Embedded e = c.embedded();
            port(p, "core.embedded.port", e.port(), 0);
            port(p, "core.embedded.controller-port", e.controllerPort(), 0);
            port(p, "core.embedded.internal-port", e.internalPort(), 0);
            if (e.port() != 0 && e.port() == e.controllerPort()) {
                p.add("core.embedded.controller-port=" + e.controllerPort() + " must differ from core.embedded.port");
            }
            if (e.host().isBlank()) {
                p.add("core.embedded.host is blank: give the address to bind to, e.g. 127.0.0.1 or 0.0.0.0");
            }
            e.advertisedHost().ifPresent(h -> {
                if (h.isBlank()) {
                    p.add("core.embedded.advertised-host is blank: remove it or give the host edges should connect to");
                }
            });
            e.advertisedPort().ifPresent(ap -> port(p, "core.embedded.advertised-port", ap, 1));
        }
        if (c.groupId().isBlank()) {
            p.add("core.group-id is blank: give the relay's consumer group id");
        }
        CoreConfig.Relay r = c.relay();
        if (r.transactionalId().isBlank()) {
            p.add("core.relay.transactional-id is blank: give a transactional id unique to this instance");
        }
        positive(p, "core.relay.poll-timeout", r.pollTimeout());
        positive(p, "core.relay.metadata-max-age", r.metadataMaxAge());
        positive(p, "core.relay.transaction-timeout", r.transactionTimeout());
        positive(p, "core.relay.retry-backoff", r.retryBackoff());
        if (r.maxPollRecords() < 1) {
            p.add("core.relay.max-poll-records=" + r.maxPollRecords() + " must be at least 1");
        }
        if (c.analytics().partitions() < 1 || c.analytics().partitions() > 10_000) {
            p.add("core.analytics.partitions=" + c.analytics().partitions() + " must be within 1..10000");
        }
        c.analytics().replicationFactor().ifPresent(rf -> {
            if (rf < 1 || rf > Short.MAX_VALUE) {
                p.add("core.analytics.replication-factor=" + rf + " must be at least 1");
            }
        });
        return p;
    }

    /** Throws an {@link IllegalStateException} listing every problem, if there is any. */
    public static void validate(CoreConfig c) {
        List<String> p = problems(c);
        if (!p.isEmpty()) {
            throw new IllegalStateException("Invalid core-ingest configuration:\n  - " + String.join("\n  - ", p));
        }
    }

    private static void port(List<String> p, String key, int port, int min) {
        if (port < min || port > 65535) {
            p.add(key + "=" + port + " must be within " + min + "..65535");
        }
    }

    private static void positive(List<String> p, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            p.add(key + "=" + d + " must be positive");
        }
    }
}
