package dev.edgesync.core.broker;

import dev.edgesync.core.config.CoreConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Topics core-ingest owns at the centre, created idempotently: the dead-letter topic {@value #DLQ},
 * the compacted site registry {@value #SITES}, the downlink's control topics (at onboarding and on first use), and
 * analytics topics when a site is registered (never from what a record says). Remembers partition counts, so the
 * relay asks the cluster once per topic.
 */
public final class CoreTopics {

    /** Landing records that failed a check, with a {@code dlq_reason} header. */
    public static final String DLQ = "core.dlq";
    /** One record per site (key: site id, value: JSON), compacted. */
    public static final String SITES = "_core.sites";
    /** Every admin call of the REST API (who, what, when, result), kept a year: see AdminAudit. */
    public static final String AUDIT = "_core.audit";
    static final String AUDIT_RETENTION_MS = String.valueOf(java.time.Duration.ofDays(366).toMillis());

    private final Admin admin;
    private final int analyticsPartitions;
    private final Optional<Short> replicationFactor;
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

    /** Topics as {@code core.analytics.*} says: partitions of new analytics topics, replication factor of all. */
    public static CoreTopics of(Admin admin, CoreConfig config) {
        var rf = config.analytics().replicationFactor();
        return new CoreTopics(admin, config.analytics().partitions(),
                rf.isPresent() ? Optional.of((short) rf.getAsInt()) : Optional.empty());
    }

    /** The replication factor topics are created with; empty: the cluster's default. */
    public Optional<Short> replicationFactor() {
        return replicationFactor;
    }

    public CoreTopics(Admin admin, int analyticsPartitions, Optional<Short> replicationFactor) {
        this.admin = admin;
        this.analyticsPartitions = analyticsPartitions;
        this.replicationFactor = replicationFactor;
    }

    /** Creates {@value #DLQ}, {@value #SITES} and {@value #AUDIT} if missing. */
    public void ensureInternal() {
        ensure(new NewTopic(DLQ, Optional.of(1), replicationFactor));
        ensure(new NewTopic(SITES, Optional.of(1), replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        ensure(new NewTopic(AUDIT, Optional.of(1), replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, AUDIT_RETENTION_MS)));
    }

    /**
     * Creates a downlink control topic if missing: one partition, so its messages have one total order,
     * and no time or size retention, so an edge that was offline for any time still finds every message it missed.
     */
    public void ensureControl(String topic) {
        ensure(new NewTopic(topic, Optional.of(1), replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
    }

    /**
     * Partition count of an existing topic, empty if it does not exist. Only a topic found is remembered, so one
     * created later (by onboarding) is found at the next call.
     */
    public OptionalInt existingPartitions(String topic) {
        Integer known = partitions.get(topic);
        if (known != null) {
            return OptionalInt.of(known);
        }
        Optional<Integer> found = describe(topic);
        found.ifPresent(n -> partitions.put(topic, n));
        return found.isPresent() ? OptionalInt.of(found.get()) : OptionalInt.empty();
    }

    /** Forgets the partition counts held, e.g. after a send to a topic that turned out to be gone. */
    public void forget() {
        partitions.clear();
    }

    /** Creates the analytics topics that are missing, with the configured partitions; returns the ones it created. */
    public List<String> ensureAnalytics(Collection<String> topics) {
        List<String> created = new ArrayList<>();
        for (String t : topics) {
            if (existingPartitions(t).isEmpty() && ensure(new NewTopic(t, Optional.of(analyticsPartitions), replicationFactor))) {
                created.add(t);
            }
        }
        return created;
    }

    /** Partition count of an analytics topic, creating it with the configured partitions when missing. */
    public int analyticsPartitions(String topic) {
        return partitions.computeIfAbsent(topic, t -> {
            Optional<Integer> existing = describe(t);
            if (existing.isPresent()) {
                return existing.get();
            }
            boolean created = ensure(new NewTopic(t, Optional.of(analyticsPartitions), replicationFactor));
            // A new topic's first sends may be retried once or twice (NOT_LEADER_OR_FOLLOWER) while
            // its leadership settles; the producer handles that.
            return created ? analyticsPartitions : describe(t).orElse(analyticsPartitions);
        });
    }

    /** Creates the topic if it does not exist; true if this call created it. */
    private boolean ensure(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("could not create topic " + topic.name() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic.name() + ": is the centre reachable?", e);
        }
    }

    private Optional<Integer> describe(String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return Optional.of(d.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("could not describe topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out describing topic " + topic + ": is the centre reachable?", e);
        }
    }
}
