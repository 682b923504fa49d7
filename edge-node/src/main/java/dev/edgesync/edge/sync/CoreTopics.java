package dev.edgesync.edge.sync;

import dev.edgesync.protocol.SiteTopics;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure the site's topics at the centre exist before shipping: {@code landing.<site>.<stream>} with
 * the stream's partition count, and the compacted {@code landing.<site>._checkpoints} and
 * {@code landing.<site>._heartbeats}, all stamped with the centre's append time (existing ones switched to it when
 * the edge may create topics).
 *
 * <p>A landing topic with another partition count is a hard error: partition p must map to partition p,
 * or per-key order and the checkpoint mapping would break.
 */
final class CoreTopics {

    private static final Logger LOG = Logger.getLogger(CoreTopics.class);
    private static final String APPEND_TIME = SiteTopics.APPEND_TIME.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);

    private CoreTopics() {
    }

    static void ensure(Admin admin, UplinkSettings s, long timeoutMs) throws Exception {
        List<SiteTopics.Spec> specs = SiteTopics.of(s.site(), s.streams());
        Map<String, Integer> wanted = new TreeMap<>();
        s.streams().forEach((stream, n) -> wanted.put(TopicNames.landing(s.site(), stream), n));
        Set<String> existing = new HashSet<>(admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS));
        Optional<Short> rf = s.coreReplicationFactor() < 1 ? Optional.empty() : Optional.of(s.coreReplicationFactor());
        List<NewTopic> missing = specs.stream().filter(t -> !existing.contains(t.name()))
                .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), rf).configs(t.configs())).toList();
        if (!missing.isEmpty()) {
            if (!s.createCoreTopics()) {
                throw new UplinkException("topics " + missing.stream().map(NewTopic::name).toList()
                        + " are missing at the centre and edge.core.create-topics=false: onboard site "
                        + s.site() + " at core-ingest first");
            }
            try {
                admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        if (s.createCoreTopics()) {
            List<String> old = specs.stream().map(SiteTopics.Spec::name).filter(existing::contains).toList();
            stampWithAppendTime(admin, old, timeoutMs);
        }
        Map<String, TopicDescription> described = admin.describeTopics(wanted.keySet()).allTopicNames()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        List<String> mismatches = new ArrayList<>();
        wanted.forEach((topic, n) -> {
            int actual = described.get(topic).partitions().size();
            if (actual != n) {
                mismatches.add(topic + " has " + actual + " partitions at the centre but " + n + " on the edge");
            }
        });
        if (!mismatches.isEmpty()) {
            throw new UplinkException("partition count mismatch: " + String.join("; ", mismatches)
                    + ". Partition p ships to partition p, so the counts must be equal: fix edge.streams.<name>.partitions"
                    + " or the landing topic at the centre");
        }
    }

    /**
     * Topics made before they were stamped with the centre's append time are switched to it (an edge whose clock runs
     * hours ahead would have its records refused otherwise). Best effort: a centre that does not let the edge alter
     * configs leaves it to onboarding, which does the same.
     */
    private static void stampWithAppendTime(Admin admin, List<String> topics, long timeoutMs) throws InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        try {
            List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            configs.forEach((r, c) -> {
                ConfigEntry e = c.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
                if (e == null || !APPEND_TIME.equals(e.value())) {
                    changes.put(r, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                            APPEND_TIME), AlterConfigOp.OpType.SET)));
                }
            });
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(changes).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                LOG.infof("Centre topics %s now stamped with the centre's append time (were the producer's)",
                        changes.keySet().stream().map(ConfigResource::name).sorted().toList());
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Could not check or set %s=%s on %s (%s): an edge clock more than the centre's"
                    + " message.timestamp.after.max.ms ahead is refused there; onboarding sets it",
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, APPEND_TIME, topics, e.getCause() == null ? e : e.getCause());
        }
    }
}
