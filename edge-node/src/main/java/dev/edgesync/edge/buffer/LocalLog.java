package dev.edgesync.edge.buffer;

import dev.edgesync.edge.stream.StreamPartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads the local log through the broker: the committed offsets of curated partitions; deletes below an offset. */
public final class LocalLog {

    /** The committed curated log of each partition: [start, end). */
    public record Offsets(Map<StreamPartition, Long> starts, Map<StreamPartition, Long> ends) {
    }

    private final Admin admin;
    private final long timeoutMs;

    public LocalLog(Admin admin, long timeoutMs) {
        this.admin = admin;
        this.timeoutMs = timeoutMs;
    }

    /** Start and end of each curated partition; read_committed: an open pipeline transaction is not backlog yet. */
    public Offsets curated(Collection<StreamPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(sp -> {
            earliest.put(sp.curated(), OffsetSpec.earliest());
            latest.put(sp.curated(), OffsetSpec.latest());
        });
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var starts = admin.listOffsets(earliest, committed).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        var ends = admin.listOffsets(latest, committed).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<StreamPartition, Long> s = new HashMap<>();
        Map<StreamPartition, Long> e = new HashMap<>();
        partitions.forEach(sp -> {
            s.put(sp, starts.get(sp.curated()).offset());
            e.put(sp, ends.get(sp.curated()).offset());
        });
        return new Offsets(s, e);
    }

    /** Log starts of the curated partitions (any isolation: deletions move them). */
    Map<StreamPartition, Long> starts(Collection<StreamPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(sp -> earliest.put(sp.curated(), OffsetSpec.earliest()));
        var starts = admin.listOffsets(earliest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<StreamPartition, Long> s = new HashMap<>();
        partitions.forEach(sp -> s.put(sp, starts.get(sp.curated()).offset()));
        return s;
    }

    /** Deletes the records below each offset. */
    void deleteBelow(Map<StreamPartition, Long> beforeOffsets) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> delete = new HashMap<>();
        beforeOffsets.forEach((sp, o) -> delete.put(sp.curated(), org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(o)));
        admin.deleteRecords(delete).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
