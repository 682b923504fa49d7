package dev.edgesync.edge.sync;

import dev.edgesync.protocol.SiteTopics;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the site's topics at the centre exist before shipping: {@code landing.<site>.<stream>} with
 * the stream's partition count, and the compacted {@code landing.<site>._checkpoints} and
 * {@code landing.<site>._heartbeats}.
 *
 * <p>A landing topic with another partition count is a hard error: partition p must map to partition p,
 * or per-key order and the checkpoint mapping would break.
 */
final class CoreTopics {

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

}
