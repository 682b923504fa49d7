package dev.edgesync.core.config;

import dev.edgesync.access.ApiKeySettings;
import dev.edgesync.core.access.CoreScope;
import dev.edgesync.core.onboarding.CredentialMode;
import dev.edgesync.core.onboarding.EdgeConfigTemplate;
import dev.edgesync.core.relay.SiteRegistrationMode;
import dev.edgesync.core.relay.StreamRouting;
import dev.edgesync.protocol.TopicNames;
import io.quarkus.runtime.LaunchMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks a {@link CoreConfig} and reports every problem at once, each naming its key. */
public final class CoreConfigValidator {

    /** Below this a site's uplink would crawl: a typo, not a policy. */
    static final long MIN_PRODUCER_BYTE_RATE = 1024;
    /** 10 GiB/s: beyond any link, so beyond it is a typo too. */
    static final long MAX_PRODUCER_BYTE_RATE = 10L * 1024 * 1024 * 1024;
    /** Shortest relay session timeout: shorter, one lost heartbeat or a short pause would already cost a rebalance. */
    static final long MIN_SESSION_TIMEOUT_MS = 1_000;

    private CoreConfigValidator() {
    }

    public static List<String> problems(CoreConfig c) {
        return problems(c, LaunchMode.current() == LaunchMode.NORMAL);
    }

    /** @param production true in the production profile, where {@code core.api.auth} must be set */
    public static List<String> problems(CoreConfig c, boolean production) {
        List<String> p = new ArrayList<>();
        p.addAll(ApiKeySettings.problems("core.api", c.api().auth(), c.api().keys(), production, CoreScope::parse,
                CoreScope.names()));
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
            if ("true".equalsIgnoreCase(e.config().getOrDefault("auto.create.topics.enable", "false").trim())) {
                // A producer's send to a missing topic would create it: topics must come from registrations only.
                p.add("core.embedded.config.\"auto.create.topics.enable\"=true is not allowed: the centre makes topics at"
                        + " onboarding only, never from data");
            }
        }
        if (c.groupId().isBlank()) {
            p.add("core.group-id is blank: give the relay's consumer group id");
        }
        CoreConfig.Relay r = c.relay();
        r.transactionalId().ifPresent(t -> {
            if (t.isBlank()) {
                p.add("core.relay.transactional-id is blank: remove it (core-ingest-relay-<core.instance-id> is used) or give an id unique to this instance");
            }
        });
        c.instanceId().ifPresent(id -> {
            if (!InstanceId.isValid(id)) {
                p.add("core.instance-id='" + id + "' is not valid: use 1-200 of a-z A-Z 0-9 . _ -");
            }
        });
        c.streams().forEach((name, s) -> {
            if (!TopicNames.isValidId(name)) {
                p.add("core.streams." + name + " is not a valid stream name: use 1-63 lower-case letters, digits or '-'");
            }
            if (StreamRouting.Mode.parse(s.routing()).isEmpty()) {
                p.add("core.streams." + name + ".routing=" + s.routing() + " is unknown: use headers or per-region");
            }
        });
        if (c.offsets().maxSyncPoints() < 1) {
            p.add("core.offsets.max-sync-points=" + c.offsets().maxSyncPoints() + " must be at least 1");
        }
        positive(p, "core.offsets.discovery-interval", c.offsets().discoveryInterval());
        positive(p, "core.relay.poll-timeout", r.pollTimeout());
        positive(p, "core.relay.metadata-max-age", r.metadataMaxAge());
        positive(p, "core.relay.transaction-timeout", r.transactionTimeout());
        positive(p, "core.relay.retry-backoff", r.retryBackoff());
        if (r.sessionTimeout().toMillis() < MIN_SESSION_TIMEOUT_MS || r.sessionTimeout().toMillis() > 300_000) {
            // Brokers accept group.min.session.timeout.ms (6 s by default, 1 s in deploy/) to 300 s; below 1 s a
            // lost heartbeat or a short pause would already cost the instance its partitions.
            p.add("core.relay.session-timeout=" + r.sessionTimeout() + " must be within 1s..300s (below 6s the brokers'"
                    + " group.min.session.timeout.ms must allow it)");
        }
        if (SiteRegistrationMode.parse(r.siteRegistration()).isEmpty()) {
            p.add("core.relay.site-registration=" + r.siteRegistration() + " is unknown: use onboarding or first-record");
        }
        if (r.maxPollRecords() < 1) {
            p.add("core.relay.max-poll-records=" + r.maxPollRecords() + " must be at least 1");
        }
        if (c.onboarding().defaultPartitions() < 1 || c.onboarding().defaultPartitions() > 10_000) {
            p.add("core.onboarding.default-partitions=" + c.onboarding().defaultPartitions() + " must be within 1..10000");
        }
        c.onboarding().edgeBootstrapServers().ifPresent(b -> {
            if (b.isBlank()) {
                p.add("core.onboarding.edge-bootstrap-servers is blank: remove it, or give the host:port[,host:port] edges connect to");
            }
        });
        onboarding(p, c.onboarding());
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

    private static void onboarding(List<String> p, CoreConfig.Onboarding o) {
        if (CredentialMode.parse(o.credentials()).isEmpty()) {
            p.add("core.onboarding.credentials=" + o.credentials() + " is unknown: use none or scram-sha-512");
        }
        if (!o.userPrefix().matches("[A-Za-z0-9._-]{1,64}")) {
            // Not empty: a site id alone could name a super user (a site called "admin").
            p.add("core.onboarding.user-prefix='" + o.userPrefix() + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        o.edgeKafka().keySet().forEach(k -> {
            if (EdgeConfigTemplate.isSecretOrReserved(k)) {
                p.add("core.onboarding.edge-kafka.\"" + k + "\" is not allowed: secrets go in the site's secret file,"
                        + " bootstrap servers in core.onboarding.edge-bootstrap-servers");
            }
        });
        if (o.producerByteRate() < MIN_PRODUCER_BYTE_RATE || o.producerByteRate() > MAX_PRODUCER_BYTE_RATE) {
            p.add("core.onboarding.producer-byte-rate=" + o.producerByteRate() + " must be within " + MIN_PRODUCER_BYTE_RATE
                    + ".." + MAX_PRODUCER_BYTE_RATE + " (bytes per second and broker; e.g. 10485760 for 10 MiB/s)");
        }
        if (o.maxStreamsPerSite() < 1) {
            p.add("core.onboarding.max-streams-per-site=" + o.maxStreamsPerSite() + " must be at least 1");
        }
        if (o.maxPartitionsPerStream() < 1 || o.maxPartitionsPerStream() > 10_000) {
            p.add("core.onboarding.max-partitions-per-stream=" + o.maxPartitionsPerStream() + " must be within 1..10000");
        } else if (o.defaultPartitions() > o.maxPartitionsPerStream()) {
            p.add("core.onboarding.default-partitions=" + o.defaultPartitions()
                    + " is above core.onboarding.max-partitions-per-stream=" + o.maxPartitionsPerStream());
        }
        if (o.maxSites() < 1) {
            p.add("core.onboarding.max-sites=" + o.maxSites() + " must be at least 1");
        }
        if (o.edgeSecretsFile().isBlank()) {
            p.add("core.onboarding.edge-secrets-file is blank: give the path edge boxes keep their link secret at");
        }
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
