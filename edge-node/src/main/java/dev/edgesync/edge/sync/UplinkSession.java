package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import dev.edgesync.protocol.Checkpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One connection of the uplink to the centre, from resume to failure or stop. Every client it opens is
 * closed by {@link #close(boolean)}; a new session starts from the centre's checkpoints again.
 */
final class UplinkSession {

    private static final Logger LOG = Logger.getLogger(UplinkSession.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Partition transactions a round sends and commits at once. */
    private static final int MAX_ROUND_THREADS = 8;

    private final UplinkSettings s;
    private final UplinkShared shared;
    private final UplinkClients clients;
    private final UplinkStatus status;
    private final LandedRecords shape;
    private final Admin localAdmin;
    private final TakeoverDetector takeovers;
    private final Duration timeout;
    private final Map<StreamPartition, PartitionShipper> shippers = new LinkedHashMap<>();
    private final ReadAhead reader;
    private Admin coreAdmin;
    private KafkaConsumer<byte[], byte[]> coreConsumer;
    private final DrainScheduler scheduler = new DrainScheduler();
    private final RoundPacing pacing;
    private final HeartbeatSender heartbeats;
    private final LocalSpaceRelease release;
    private final ExecutorService roundThreads;

    UplinkSession(UplinkSettings s, UplinkShared shared, UplinkClients clients, UplinkStatus status, Admin localAdmin,
                  TakeoverDetector takeovers) {
        this.takeovers = takeovers;
        this.s = s;
        this.shared = shared;
        this.clients = clients;
        this.status = status;
        this.shape = new LandedRecords(s.site(), s.region(), s.cloud());
        this.localAdmin = localAdmin;
        this.timeout = s.requestTimeout();
        this.heartbeats = new HeartbeatSender(s.site(), shared, clients, status.clockSkew());
        this.release = new LocalSpaceRelease(localAdmin, status, s.deleteRecordsInterval(), timeout);
        AtomicInteger threads = new AtomicInteger();
        this.roundThreads = Executors.newFixedThreadPool(Math.max(1, Math.min(MAX_ROUND_THREADS, s.partitions().size())), r -> {
            Thread t = new Thread(r, "edge-uplink-round-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.reader = new ReadAhead(s, clients::localConsumer, shared.gaps());
        this.pacing = new RoundPacing(shared, s.batchBytes());
    }

    /** Connects: topics, producers (fencing older ones), then the resume points read back from the centre. */
    void open() throws Exception {
        coreAdmin = clients.admin();
        CoreTopics.ensure(coreAdmin, s, timeout.toMillis());
        if (takeovers.hasLooked()) {
            TakeoverCheck.refuseIfTakenOver(clients, s, takeovers, timeout);
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
        Map<TopicPartition, Long> landingEnds = coreConsumer.endOffsets(
                all.stream().map(sp -> sp.landing(s.site())).toList(), timeout);
        coreConsumer.close(Duration.ZERO);
        coreConsumer = null;
        coreAdmin.close(Duration.ZERO);
        coreAdmin = null;

        KafkaConsumer<byte[], byte[]> local = reader.open(clients.localConsumer());
        Map<TopicPartition, Long> start = local.beginningOffsets(reader.partitions().keySet(), timeout);
        Map<TopicPartition, Long> end = local.endOffsets(reader.partitions().keySet(), timeout);
        Map<String, java.util.UUID> logIds = LocalLogIds.of(localAdmin, reader.partitions().keySet(), timeout);
        for (StreamPartition sp : all) {
            TopicPartition tp = sp.curated();
            Checkpoint c = checkpoints.get(sp);
            takeovers.observed(sp, c);
            OptionalLong next = c == null ? OptionalLong.empty() : OptionalLong.of(c.nextEdgeOffset());
            java.util.UUID log = logIds.get(tp.topic());
            shippers.get(sp).localLog(log);
            ResumePoints.Resume r = ResumePoints.resume(sp, c == null ? Optional.empty() : c.logId(), log, next,
                    tails.get(sp), start.get(tp), end.get(tp));
            r.warning().ifPresent(w -> LOG.warn(w));
            local.seek(tp, r.offset());
            shippers.get(sp).landingEnd(landingEnds.getOrDefault(sp.landing(s.site()), 0L));
            status.resumed(sp, r.offset(), c == null ? -1 : c.nextCoreOffset());
        }
        release.resumed(start);
    }

    /**
     * Ships until {@code stop} says so or something fails (the exception ends the session).
     *
     * <p>Each loop: read what the local consumer has into per-partition queues (pausing full ones), send a
     * heartbeat when due, wait for the bandwidth cap, then one round: every partition with backlog that the
     * {@link DrainScheduler} gives an allowance gets one transaction with up to that many bytes of its oldest
     * queued records, all transactions sent and committed in parallel. Per-partition order holds because
     * a partition's records leave its queue in log order and it has at most one transaction open.
     */
    void ship(BooleanSupplier stop) throws Exception {
        while (!stop.getAsBoolean()) {
            reader.fill(reader.allEmpty() ? POLL : Duration.ZERO);
            heartbeats.maybeSend();
            reader.discardEvicted(shared.gate());
            Map<StreamPartition, Integer> backlogged = new LinkedHashMap<>();
            reader.queues().forEach((sp, q) -> {
                if (!q.isEmpty()) {
                    backlogged.put(sp, shared.policy().weight(sp.stream()));
                }
            });
            if (backlogged.isEmpty()) {
                // Everything read is shipped: the position moved past trailing transaction markers only.
                reader.partitions().forEach((tp, sp) -> status.skippedTo(sp, reader.position(tp)));
                release.maybeRelease(reader.partitions());
                continue;
            }
            shared.limiter().await(stop);
            if (stop.getAsBoolean()) {
                break;
            }
            shared.gate().lock();
            try {
                round(backlogged);
            } finally {
                shared.gate().unlock();
            }
            release.maybeRelease(reader.partitions());
        }
    }

    /** One round under the eviction gate: every granted partition's transaction sent and committed, in parallel. */
    private void round(Map<StreamPartition, Integer> backlogged) throws Exception {
        reader.discardEvicted(shared.gate());
        backlogged.keySet().removeIf(sp -> reader.queues().get(sp).isEmpty());
        if (backlogged.isEmpty()) {
            return;
        }
        long roundBytes = pacing.roundBytes(backlogged.size());
        Map<StreamPartition, Long> allowances = scheduler.nextRound(backlogged, roundBytes);
        long wireBefore = wireBytes();
        long estimate = pacing.charge(roundBytes);
        List<PartitionQueue.Batch> open = new ArrayList<>();
        for (Map.Entry<StreamPartition, Long> a : allowances.entrySet()) {
            StreamPartition sp = a.getKey();
            // Aged by the monotonic clock in the frame the record was stamped in: a wall clock step neither
            // expires fresh records nor keeps old ones (RecordAges).
            Predicate<ConsumerRecord<byte[], byte[]>> expired = shared.policy().maxAge(sp.stream())
                    .<Predicate<ConsumerRecord<byte[], byte[]>>>map(age -> r ->
                            shared.ages().ageMs(sp, r.offset(), r.timestamp()) > age.toMillis())
                    .orElse(r -> false);
            PartitionQueue.Batch b = reader.queues().get(sp).take(a.getValue(), s.maxBatchRecords(), expired);
            if (!b.isEmpty()) {
                open.add(b);
            }
        }
        // Each partition's transaction is sent and committed on its own thread, all at once: the sends compress
        // (in the calling thread) and each commit waits on two coordinator round trips, so doing them one after
        // another on this thread made a round as slow as their sum, on one core.
        List<Future<Checkpoint>> commits = new ArrayList<>(open.size());
        for (PartitionQueue.Batch b : open) {
            PartitionShipper shipper = shippers.get(b.partition());
            commits.add(roundThreads.submit(() -> {
                shipper.begin(b.send());
                return shipper.commit(b.nextEdgeOffset(), takeovers);
            }));
        }
        // Meanwhile read ahead for the next round: the queues and the local consumer are this thread's alone,
        // the commits only touch their shippers and the batches already taken.
        reader.fill(Duration.ZERO);
        long recordBytes = 0;
        Exception failure = null;
        for (int k = 0; k < open.size(); k++) {
            PartitionQueue.Batch b = open.get(k);
            StreamPartition sp = b.partition();
            Checkpoint c;
            try {
                c = commits.get(k).get();
            } catch (ExecutionException e) {
                // The others are still recorded: a committed checkpoint is final whatever happens to the session.
                if (failure == null) {
                    failure = EpochErrors.classify(shippers.get(sp), e.getCause() instanceof Exception ex ? ex : e,
                            s.transactionTimeout());
                }
                continue;
            }
            takeovers.observed(sp, c);
            status.committed(sp, c.nextEdgeOffset(), c.nextCoreOffset(), Instant.ofEpochMilli(c.timestampMs()));
            scheduler.charge(sp, b.bytes());
            recordBytes += b.bytes();
            shared.counters().sent(sp.stream(), b.send().size(), b.sentBytes());
            if (b.expired() > 0) {
                shared.counters().expired(sp.stream(), b.expired());
                b.expiredRanges().forEach(shared.gaps());
                LOG.debugf("%s: %d records older than edge.streams.%s.max-age skipped (not sent)", sp, b.expired(), sp.stream());
            }
        }
        if (failure != null) {
            throw failure;
        }
        pacing.settle(estimate, Math.max(0, wireBytes() - wireBefore), recordBytes);
    }

    private long wireBytes() {
        long n = 0;
        for (PartitionShipper shipper : shippers.values()) {
            n += shipper.wireBytes();
        }
        return n + heartbeats.wireBytes();
    }

    /** Another uplink with this site identity owns the transactional ids now. */
    static final class FencedException extends UplinkException {
        FencedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Interrupts a blocking poll, so a stop is seen promptly. */
    void wakeup() {
        reader.wakeup();
    }

    /**
     * Closes every client of this session. {@code graceful}: abort open transactions first; otherwise (a
     * simulated crash) they are left open for the centre to abort on timeout or at the next initTransactions.
     */
    void close(boolean graceful) {
        // A round's tasks may still be sending or committing (the session can end while it reads ahead): a
        // graceful close lets them finish, a crash does not wait.
        roundThreads.shutdown();
        if (graceful) {
            try {
                roundThreads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        roundThreads.shutdownNow();
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
        heartbeats.close();
        KafkaConsumer<byte[], byte[]> c = reader.detach();
        if (c != null) {
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
