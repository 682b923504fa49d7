package dev.edgesync.edge.buffer;

import dev.edgesync.protocol.TopicNames;
import dev.edgesync.edge.stream.StreamPartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives up the older half of every dlq partition when disk space is short: dead letters are kept on the box only
 * (never shipped) and go before anything unsent. (Over {@code edge.buffer.dlq-max-bytes} the broker's own size
 * retention deletes the oldest dlq segments; see broker.LocalTopics.)
 */
final class DlqEviction {

    private static final Logger LOG = Logger.getLogger(DlqEviction.class);

    private final Admin admin;
    private final List<TopicPartition> dlq;
    private final AtomicLong evicted = new AtomicLong();

    DlqEviction(Admin admin, List<StreamPartition> partitions) {
        this.admin = admin;
        this.dlq = partitions.stream().map(sp -> new TopicPartition(TopicNames.dlq(sp.stream()), sp.partition())).toList();
    }

    /** Deletes the older half of each non-empty dlq partition; returns whether anything was deleted. */
    boolean evictOlderHalf(long usableBytes, long floorBytes) throws Exception {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        dlq.forEach(tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        });
        var starts = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        long offsets = 0;
        for (TopicPartition tp : dlq) {
            long start = starts.get(tp).offset();
            long end = ends.get(tp).offset();
            long cut = start + (end - start + 1) / 2;
            if (cut > start) {
                delete.put(tp, RecordsToDelete.beforeOffset(cut));
                offsets += cut - start;
            }
        }
        if (delete.isEmpty()) {
            return false;
        }
        admin.deleteRecords(delete).all().get(10, TimeUnit.SECONDS);
        evicted.addAndGet(offsets);
        LOG.warnf("Disk space short (%d bytes free, floor %d: edge.buffer.min-free-bytes/-percent): deleted the older"
                + " half of the dead letters, %d offsets of %s", usableBytes, floorBytes, offsets, delete.keySet());
        return true;
    }

    /** Dlq offsets deleted because space was short, since start. */
    long evicted() {
        return evicted.get();
    }
}
