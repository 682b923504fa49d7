package dev.edgesync.edge.broker;

import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the local topics of every declared stream, idempotently: {@code raw.<s>}, {@code curated.<s>}
 * and {@code dlq.<s>}, all with the stream's partition count.
 *
 * <p>Raw and curated keep data with no time or size limit: curated is the send buffer, freed only by
 * the uplink below a committed checkpoint (DESIGN §4.3); raw is freed below what the pipeline has
 * committed. An existing topic with a different partition count is an error, because changing it
 * would move keys between partitions and break per-key order.
 */
public final class LocalTopics {

    private static final Map<String, String> KEEP_UNTIL_FREED = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    private static final Map<String, String> DLQ = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TimeUnit.DAYS.toMillis(7)));

    /**
     * Window-state changelogs: compacted, so only the latest state of each open window (and tombstones of closed
     * ones, for a while) is kept; small segments so compaction runs while the box is up.
     */
    private static final Map<String, String> CHANGELOG = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(TimeUnit.HOURS.toMillis(1)),
            TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024),
            TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(TimeUnit.HOURS.toMillis(1)));

    private LocalTopics() {
    }

    /** Ensures the compacted changelog topics exist; {@code topics} maps topic name to partitions. */
    public static void ensureChangelogs(Admin admin, Map<String, Integer> topics) {
        List<NewTopic> wanted = new ArrayList<>();
        topics.forEach((topic, partitions) -> wanted.add(new NewTopic(topic, partitions, (short) 1).configs(CHANGELOG)));
        create(admin, wanted);
    }

    /** Ensures the topics of the given streams exist; {@code streams} maps stream name to partitions. */
    public static void ensure(Admin admin, Map<String, Integer> streams) {
        List<NewTopic> wanted = new ArrayList<>();
        streams.forEach((stream, partitions) -> {
            wanted.add(new NewTopic(TopicNames.raw(stream), partitions, (short) 1).configs(KEEP_UNTIL_FREED));
            wanted.add(new NewTopic(TopicNames.curated(stream), partitions, (short) 1).configs(KEEP_UNTIL_FREED));
            wanted.add(new NewTopic(TopicNames.dlq(stream), partitions, (short) 1).configs(DLQ));
        });
        create(admin, wanted);
    }

    private static void create(Admin admin, List<NewTopic> wanted) {
        try {
            Set<String> existing = new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            List<String> present = wanted.stream().map(NewTopic::name).filter(existing::contains).toList();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
                for (NewTopic t : wanted) {
                    TopicDescription d = described.get(t.name());
                    if (d != null && d.partitions().size() != t.numPartitions()) {
                        throw new IllegalStateException("topic " + t.name() + " has " + d.partitions().size()
                                + " partitions but is configured with " + t.numPartitions()
                                + "; changing the partition count would break per-key order: restore the setting");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating local topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create local topics: " + e.getMessage(), e);
        }
    }
}
