package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Frees local space: every {@code delete-records-interval}, deletes the curated records below what the centre
 * has committed. Never above a committed checkpoint, so nothing unsent is ever released. A failure is logged
 * and retried at the next interval.
 */
final class LocalSpaceRelease {

    private static final Logger LOG = Logger.getLogger(LocalSpaceRelease.class);

    private final Admin localAdmin;
    private final UplinkStatus status;
    private final Duration interval;
    private final Duration timeout;
    private final Map<TopicPartition, Long> freedBelow = new HashMap<>();
    private long nextAt;

    LocalSpaceRelease(Admin localAdmin, UplinkStatus status, Duration interval, Duration timeout) {
        this.localAdmin = localAdmin;
        this.status = status;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** At resume: each partition's log starts here (nothing below to free); the first release waits an interval. */
    void resumed(Map<TopicPartition, Long> logStarts) {
        freedBelow.putAll(logStarts);
        nextAt = System.nanoTime() + interval.toNanos();
    }

    /** Releases what the centre has committed of {@code partitions} (keyed by curated partition), when due. */
    void maybeRelease(Map<TopicPartition, StreamPartition> partitions) {
        if (System.nanoTime() < nextAt) {
            return;
        }
        nextAt = System.nanoTime() + interval.toNanos();
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        partitions.forEach((tp, sp) -> {
            long committed = status.progress(sp).committedNextEdgeOffset();
            if (committed > freedBelow.getOrDefault(tp, 0L)) {
                delete.put(tp, RecordsToDelete.beforeOffset(committed));
            }
        });
        if (delete.isEmpty()) {
            return;
        }
        try {
            localAdmin.deleteRecords(delete).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            delete.forEach((tp, d) -> freedBelow.put(tp, d.beforeOffset()));
            LOG.debugf("Freed curated records below committed checkpoints: %s", delete);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Could not free local space below the checkpoints (retrying in %s): %s", interval, e.toString());
        }
    }
}
