package dev.edgesync.edge.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Frees {@code raw.*} below what the pipeline group has committed: those records are in curated (or the dlq)
 * already, in the same transaction as the commit, so raw no longer needs them. Never above the idempotency index's
 * durable mark of the partition: the index is rebuilt from raw after a power cut lost its unsynced tail, which
 * needs the raw records above the last synced mark.
 */
public final class RawSpaceReclaimer {

    private final Admin admin;
    private final String groupId;
    private final Duration timeout;
    private final Function<Set<TopicPartition>, Map<TopicPartition, Long>> durableMarks;
    private final Map<TopicPartition, Long> freedBelow = new HashMap<>();

    /**
     * @param durableMarks per raw partition, the offset below which the idempotency index is durably complete
     *                     (a partition left out is not reclaimed at all)
     */
    public RawSpaceReclaimer(Admin admin, String groupId, Duration timeout,
                             Function<Set<TopicPartition>, Map<TopicPartition, Long>> durableMarks) {
        this.admin = admin;
        this.groupId = groupId;
        this.timeout = timeout;
        this.durableMarks = durableMarks;
    }

    /** Deletes raw records below the committed offsets; returns the new low watermarks of the partitions it touched. */
    public Map<TopicPartition, Long> reclaim() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<TopicPartition> raw = new HashSet<>();
        committed.forEach((tp, om) -> {
            if (om != null && tp.topic().startsWith("raw.")) {
                raw.add(tp);
            }
        });
        Map<TopicPartition, Long> marks = raw.isEmpty() ? Map.of() : durableMarks.apply(raw);
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        for (TopicPartition tp : raw) {
            long below = Math.min(committed.get(tp).offset(), marks.getOrDefault(tp, 0L));
            if (below > freedBelow.getOrDefault(tp, 0L)) {
                delete.put(tp, RecordsToDelete.beforeOffset(below));
            }
        }
        Map<TopicPartition, Long> lows = new HashMap<>();
        if (delete.isEmpty()) {
            return lows;
        }
        var result = admin.deleteRecords(delete).lowWatermarks();
        for (var e : result.entrySet()) {
            long low = e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS).lowWatermark();
            freedBelow.put(e.getKey(), delete.get(e.getKey()).beforeOffset());
            lows.put(e.getKey(), low);
        }
        return lows;
    }
}
