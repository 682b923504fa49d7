package dev.edgesync.edge.broker;

import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
        ensure(admin, streams, 0);
    }

    /**
     * As {@link #ensure(Admin, Map)}, with every dlq partition also bounded to its share of {@code dlqMaxBytes}
     * (0 = by age only), on existing dlq topics too: the broker's size retention then deletes the oldest dlq
     * segments, so dead letters never crowd out unsent data.
     */
    public static void ensure(Admin admin, Map<String, Integer> streams, long dlqMaxBytes) {
        Map<String, String> dlq = dlqConfig(dlqMaxBytes, streams.values().stream().mapToInt(Integer::intValue).sum());
        List<NewTopic> wanted = new ArrayList<>();
        streams.forEach((stream, partitions) -> {
            wanted.add(new NewTopic(TopicNames.raw(stream), partitions, (short) 1).configs(KEEP_UNTIL_FREED));
            wanted.add(new NewTopic(TopicNames.curated(stream), partitions, (short) 1).configs(KEEP_UNTIL_FREED));
            wanted.add(new NewTopic(TopicNames.dlq(stream), partitions, (short) 1).configs(dlq));
        });
        create(admin, wanted);
        if (dlqMaxBytes > 0) {
            bound(admin, streams.keySet().stream().map(TopicNames::dlq).toList(), dlq);
        }
    }

    /**
     * The dlq's topic settings: 7 days, and with a bound, {@code retention.bytes} = the bound shared out over the
     * dlq partitions, in segments of a quarter of that (1 MiB at least), since the broker deletes whole segments
     * and never the active one: a partition holds at most its share plus one segment.
     */
    static Map<String, String> dlqConfig(long dlqMaxBytes, int dlqPartitions) {
        if (dlqMaxBytes <= 0) {
            return DLQ;
        }
        long share = Math.max(1L << 20, dlqMaxBytes / Math.max(1, dlqPartitions));
        long segment = Math.max(1L << 20, Math.min(1L << 30, share / 4));
        Map<String, String> c = new HashMap<>(DLQ);
        c.put(TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(share));
        c.put(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(segment));
        return Map.copyOf(c);
    }

    /** Sets {@code configs} on existing topics (created before the bound was configured or changed). */
    private static void bound(Admin admin, List<String> topics, Map<String, String> configs) {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (String t : topics) {
            List<AlterConfigOp> set = new ArrayList<>();
            configs.forEach((k, v) -> set.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t), set);
        }
        try {
            admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while bounding the dlq topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not bound the dlq topics: " + e.getMessage(), e);
        }
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
