package dev.edgesync.core.relay;

import dev.edgesync.core.sites.PartitionActivity;
import dev.edgesync.core.sites.PartitionProgress.PartitionKey;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One relay transaction being built: the outgoing records in landing order, the next offset to
 * commit per landing partition, and per-partition activity for the registry.
 */
public final class RelayBatch {

    private final List<ProducerRecord<byte[], byte[]>> outgoing = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    private final Map<PartitionKey, PartitionActivity> activity = new TreeMap<>();
    private final Map<SiteReason, Long> deadLetteredBySite = new TreeMap<>();
    private int relayed;
    private int deadLettered;

    /** A site and a DLQ reason code, for counting. */
    public record SiteReason(String site, String reasonCode) implements Comparable<SiteReason> {
        @Override
        public int compareTo(SiteReason o) {
            int c = site.compareTo(o.site);
            return c != 0 ? c : reasonCode.compareTo(o.reasonCode);
        }

        @Override
        public String toString() {
            return site + "/" + reasonCode;
        }
    }

    public void add(ConsumerRecord<byte[], byte[]> source, LandingRouter.Outcome outcome) {
        outgoing.add(outcome.record());
        nextOffsets.put(new TopicPartition(source.topic(), source.partition()),
                new OffsetAndMetadata(source.offset() + 1, source.leaderEpoch(), ""));
        // Every record comes from a landing data topic (the subscription pattern), so its site and stream are known.
        PartitionActivity a = TopicNames.parseLanding(source.topic())
                .map(t -> activity.computeIfAbsent(new PartitionKey(t.site(), t.stream(), source.partition()),
                        k -> new PartitionActivity()))
                .orElse(null);
        if (outcome instanceof LandingRouter.Relayed r) {
            if (a != null) {
                a.relayed(source.offset(), r.region(), r.cloud(), edgeOffset(source));
            }
            relayed++;
        } else {
            if (a != null) {
                a.deadLettered(source.offset());
            }
            LandingRouter.DeadLettered d = (LandingRouter.DeadLettered) outcome;
            deadLetteredBySite.merge(new SiteReason(d.site() == null ? "unknown" : d.site(), d.reasonCode()), 1L, Long::sum);
            deadLettered++;
        }
    }

    public List<ProducerRecord<byte[], byte[]>> outgoing() {
        return outgoing;
    }

    public Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        return nextOffsets;
    }

    /** The edge offset a landed record carries, -1 if absent or unreadable (it was then dead-lettered anyway). */
    private static long edgeOffset(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(SyncHeaders.EDGE_OFFSET);
        if (h == null || h.value() == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Map<PartitionKey, PartitionActivity> activity() {
        return activity;
    }

    /** Dead-lettered records by site and reason code. */
    public Map<SiteReason, Long> deadLetteredBySite() {
        return deadLetteredBySite;
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
