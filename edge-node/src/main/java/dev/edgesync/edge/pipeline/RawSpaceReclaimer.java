package dev.edgesync.edge.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Frees {@code raw.*} below what the pipeline group has committed: those records are in curated (or the dlq)
 * already, in the same transaction as the commit, so raw no longer needs them.
 */
public final class RawSpaceReclaimer {

    private final Admin admin;
    private final String groupId;
    private final Duration timeout;
    private final Map<TopicPartition, Long> freedBelow = new HashMap<>();

    public RawSpaceReclaimer(Admin admin, String groupId, Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.timeout = timeout;
    }

    /** Deletes raw records below the committed offsets; returns the new low watermarks of the partitions it touched. */
    public Map<TopicPartition, Long> reclaim() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        committed.forEach((tp, om) -> {
            if (om != null && tp.topic().startsWith("raw.") && om.offset() > freedBelow.getOrDefault(tp, 0L)) {
                delete.put(tp, RecordsToDelete.beforeOffset(om.offset()));
            }
        });
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
