package dev.edgesync.edge.sync;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Kafka's id of each local curated topic: new whenever the topic is created, so it names this box's log. */
final class LocalLogIds {

    private LocalLogIds() {
    }

    static Map<String, UUID> of(Admin localAdmin, Collection<TopicPartition> partitions, Duration timeout) throws Exception {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        Map<String, UUID> ids = new HashMap<>();
        localAdmin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((t, d) -> ids.put(t, new UUID(d.topicId().getMostSignificantBits(),
                        d.topicId().getLeastSignificantBits())));
        return ids;
    }
}
