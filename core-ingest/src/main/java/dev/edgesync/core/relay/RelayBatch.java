package dev.edgesync.core.relay;

import dev.edgesync.core.sites.SiteActivity;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One relay transaction being built: the outgoing records in landing order, the next offset to
 * commit per landing partition, and per-site activity for the registry.
 */
public final class RelayBatch {

    private final List<ProducerRecord<byte[], byte[]>> outgoing = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    private final Map<String, SiteActivity> activity = new TreeMap<>();
    private int relayed;
    private int deadLettered;

    public void add(ConsumerRecord<byte[], byte[]> source, LandingRouter.Outcome outcome) {
        outgoing.add(outcome.record());
        nextOffsets.put(new TopicPartition(source.topic(), source.partition()),
                new OffsetAndMetadata(source.offset() + 1, source.leaderEpoch(), ""));
        if (outcome instanceof LandingRouter.Relayed r) {
            activity.computeIfAbsent(r.site(), s -> new SiteActivity()).relayed(r.stream(), r.region(), r.cloud());
            relayed++;
        } else {
            if (outcome.site() != null) {
                activity.computeIfAbsent(outcome.site(), s -> new SiteActivity()).deadLettered();
            }
            deadLettered++;
        }
    }

    public List<ProducerRecord<byte[], byte[]>> outgoing() {
        return outgoing;
    }

    public Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        return nextOffsets;
    }

    public Map<String, SiteActivity> activity() {
        return activity;
    }

    public int relayed() {
        return relayed;
    }

    public int deadLettered() {
        return deadLettered;
    }

    public boolean isEmpty() {
        return outgoing.isEmpty();
    }
}
