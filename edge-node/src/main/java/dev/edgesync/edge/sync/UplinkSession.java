package dev.edgesync.edge.sync;

import dev.edgesync.protocol.Checkpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One connection of the uplink to the centre, from resume to failure or stop. Every client it opens is
 * closed by {@link #close(boolean)}; a new session starts from the centre's checkpoints again.
 */
final class UplinkSession {

    private static final Logger LOG = Logger.getLogger(UplinkSession.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final UplinkSettings s;
    private final CoreClients clients;
    private final UplinkStatus status;
    private final LandedRecords shape;
    private final Admin localAdmin;
    private final TakeoverDetector takeovers;
    private final Duration timeout;
    private final Map<StreamPartition, PartitionShipper> shippers = new LinkedHashMap<>();
    private final Map<TopicPartition, StreamPartition> byCurated = new HashMap<>();
    private final Map<TopicPartition, Long> freedBelow = new HashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> local;
    private Admin coreAdmin;
    private KafkaConsumer<byte[], byte[]> coreConsumer;
    private long nextDeleteAt;

    UplinkSession(UplinkSettings s, CoreClients clients, UplinkStatus status, Admin localAdmin, TakeoverDetector takeovers) {
        this.takeovers = takeovers;
        this.s = s;
        this.clients = clients;
        this.status = status;
        this.shape = new LandedRecords(s.site(), s.region(), s.cloud());
        this.localAdmin = localAdmin;
        this.timeout = s.requestTimeout();
        s.partitions().forEach(sp -> byCurated.put(sp.curated(), sp));
    }

    /** Connects: topics, producers (fencing older ones), then the resume points read back from the centre. */
    void open() throws Exception {
        coreAdmin = clients.admin();
        CoreTopics.ensure(coreAdmin, s, timeout.toMillis());
        if (takeovers.hasLooked()) {
            refuseIfTakenOver();
        }
        for (StreamPartition sp : s.partitions()) {
            PartitionShipper shipper = new PartitionShipper(sp, clients.producer(sp), shape, timeout);
            shippers.put(sp, shipper);
            shipper.init();
        }
        // Only after every initTransactions: pending transactions of older producers are resolved, so
        // read_committed sees their outcome and the checkpoints are final.
        coreConsumer = clients.consumer("resume");
        Set<StreamPartition> all = shippers.keySet();
        Map<StreamPartition, Checkpoint> checkpoints = CheckpointReader.read(coreConsumer, s.site(), all, timeout.multipliedBy(3));
        Map<StreamPartition, OptionalLong> tails = LandingTail.read(coreConsumer, s.site(), all, timeout.multipliedBy(3));
        coreConsumer.close(Duration.ZERO);
        coreConsumer = null;
        coreAdmin.close(Duration.ZERO);
        coreAdmin = null;

        local = clients.localConsumer();
        local.assign(byCurated.keySet());
        Map<TopicPartition, Long> start = local.beginningOffsets(byCurated.keySet(), timeout);
        Map<TopicPartition, Long> end = local.endOffsets(byCurated.keySet(), timeout);
        for (StreamPartition sp : all) {
            TopicPartition tp = sp.curated();
            Checkpoint c = checkpoints.get(sp);
            takeovers.observed(sp, c);
            OptionalLong next = c == null ? OptionalLong.empty() : OptionalLong.of(c.nextEdgeOffset());
            ResumePoints.Resume r = ResumePoints.resume(sp, next, tails.get(sp), start.get(tp), end.get(tp));
            r.warning().ifPresent(w -> LOG.warn(w));
            local.seek(tp, r.offset());
            status.resumed(sp, r.offset(), c == null ? -1 : c.nextCoreOffset());
            freedBelow.put(tp, start.get(tp));
        }
        nextDeleteAt = System.nanoTime() + s.deleteRecordsInterval().toNanos();
    }

    /**
     * Before initTransactions (which would fence whoever holds our transactional ids): if another uplink with
     * this identity has committed since we last looked, it is live, and we must step aside, not fence it.
     * Read_committed hides our own unresolved transaction, whose checkpoint the detector knows anyway.
     */
    private void refuseIfTakenOver() {
        KafkaConsumer<byte[], byte[]> probe = clients.consumer("takeover-check");
        try {
            Map<StreamPartition, Checkpoint> now = CheckpointReader.read(probe, s.site(),
                    Set.copyOf(s.partitions()), timeout.multipliedBy(3));
            Optional<String> takeover = takeovers.takenOver(now);
            if (takeover.isPresent()) {
                throw new FencedException(takeover.get(), null);
            }
        } finally {
            probe.close(Duration.ZERO);
        }
    }

    /** Ships until {@code stop} says so or something fails (the exception ends the session). */
    void ship(BooleanSupplier stop) throws Exception {
        while (!stop.getAsBoolean()) {
            ConsumerRecords<byte[], byte[]> records = local.poll(POLL);
            List<StreamPartition> open = new ArrayList<>();
            Map<StreamPartition, Long> nextEdge = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                StreamPartition sp = byCurated.get(tp);
                nextEdge.put(sp, local.position(tp));
                PartitionShipper shipper = shippers.get(sp);
                try {
                    shipper.begin(records.records(tp));
                } catch (Exception e) {
                    throw classify(shipper, e);
                }
                open.add(sp);
            }
            for (StreamPartition sp : open) {
                PartitionShipper shipper = shippers.get(sp);
                Checkpoint c;
                try {
                    c = shipper.commit(nextEdge.get(sp), takeovers);
                } catch (Exception e) {
                    throw classify(shipper, e);
                }
                takeovers.observed(sp, c);
                status.committed(sp, c.nextEdgeOffset(), c.nextCoreOffset(), Instant.ofEpochMilli(c.timestampMs()));
            }
            for (Map.Entry<TopicPartition, StreamPartition> e : byCurated.entrySet()) {
                if (!nextEdge.containsKey(e.getValue())) {
                    status.skippedTo(e.getValue(), local.position(e.getKey()));
                }
            }
            maybeFreeLocalSpace();
        }
    }

    /**
     * An epoch error means either that another producer with our transactional id called initTransactions
     * (fenced), or that the centre aborted our transaction on timeout. Our transactions are bounded by the
     * client timeouts, well below the transaction timeout, so an epoch error on a younger transaction can only
     * come from another uplink with this identity.
     */
    private Exception classify(PartitionShipper shipper, Exception e) {
        if (isEpochError(e) && shipper.openFor().compareTo(s.transactionTimeout()) < 0) {
            return new FencedException(shipper.partition() + ": producer epoch bumped at the centre while our"
                    + " transaction was open for " + shipper.openFor().toMillis() + " ms (transaction timeout "
                    + s.transactionTimeout() + ")", e);
        }
        return e;
    }

    static boolean isEpochError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ProducerFencedException || c instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** Another uplink with this site identity owns the transactional ids now. */
    static final class FencedException extends UplinkException {
        FencedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Releases curated records below what the centre has committed: never above a committed checkpoint. */
    private void maybeFreeLocalSpace() {
        if (System.nanoTime() < nextDeleteAt) {
            return;
        }
        nextDeleteAt = System.nanoTime() + s.deleteRecordsInterval().toNanos();
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        byCurated.forEach((tp, sp) -> {
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
            LOG.warnf("Could not free local space below the checkpoints (retrying in %s): %s",
                    s.deleteRecordsInterval(), e.toString());
        }
    }

    /** Interrupts a blocking poll, so a stop is seen promptly. */
    void wakeup() {
        KafkaConsumer<byte[], byte[]> c = local;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * Closes every client of this session. {@code graceful}: abort open transactions first; otherwise (a
     * simulated crash) they are left open for the centre to abort on timeout or at the next initTransactions.
     */
    void close(boolean graceful) {
        // One failed abort means the centre is unreachable: the others would each block for max.block.ms.
        boolean tryAbort = graceful;
        for (PartitionShipper shipper : shippers.values()) {
            if (tryAbort) {
                tryAbort = shipper.abortQuietly();
            }
            shipper.close(Duration.ZERO);
        }
        shippers.clear();
        if (coreConsumer != null) {
            closeQuietly(() -> coreConsumer.close(Duration.ZERO));
            coreConsumer = null;
        }
        if (coreAdmin != null) {
            closeQuietly(() -> coreAdmin.close(Duration.ZERO));
            coreAdmin = null;
        }
        KafkaConsumer<byte[], byte[]> c = local;
        if (c != null) {
            local = null;
            closeQuietly(() -> c.close(Duration.ZERO));
        }
    }

    private static void closeQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debugf("Error closing a client: %s", e.toString());
        }
    }
}
