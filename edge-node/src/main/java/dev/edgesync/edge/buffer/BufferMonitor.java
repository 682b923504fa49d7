package dev.edgesync.edge.buffer;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.stream.LinkState;
import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.edge.sync.SyncControls;
import dev.edgesync.edge.sync.SyncCounters;
import dev.edgesync.edge.sync.UplinkService;
import dev.edgesync.edge.sync.UplinkStatus;
import dev.edgesync.protocol.Heartbeat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the local log every {@code edge.buffer.check-interval}: measures it (describeLogDirs), computes the
 * exact backlog per stream from the {@link CuratedIndex}, keeps the {@link PressureSnapshot} that status,
 * metrics and heartbeats show, and enforces the disk quota: over the high watermark, {@code reject} streams
 * refuse new events (see {@link #rejects}) and {@code drop-oldest} streams give up their oldest unsent records
 * until usage is back at the low watermark. Works with the link down and across restarts: what the centre has
 * committed is remembered in the state store ({@link StateFamilies#SYNC_CURSORS}).
 *
 * <p>Backlog of a partition = committed curated records at or above {@code max(log start, shipped)}, counted in
 * the index (records, not offsets: transaction markers and aborted records are not counted); {@code shipped}
 * is the centre's committed checkpoint as the uplink last saw it, else the remembered cursor. Records deleted
 * by drop-oldest lie below the new log start, so they leave the backlog as they are counted as dropped.
 */
@ApplicationScoped
public class BufferMonitor {

    private static final Logger LOG = Logger.getLogger(BufferMonitor.class);
    /** After the uplink (20): its status and controls exist. */
    static final int START_PRIORITY = 30;

    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final UplinkService uplink;
    private final SyncControls controls;
    private boolean overWithNothingToShip;
    private final EdgeStateStore state;
    private final QuotaPolicy quota;
    private final Map<String, BufferPolicy> policies = new TreeMap<>();
    private final List<StreamPartition> partitions = new ArrayList<>();
    private final Map<StreamPartition, Long> cursors = new HashMap<>();
    private volatile PressureSnapshot snapshot;
    private ScheduledExecutorService scheduler;
    private Admin admin;
    private volatile CuratedIndex index;
    private List<Integer> brokerIds;
    private long evictionAllowedAt;
    private Duration evictionCooldown;

    public BufferMonitor(EdgeConfig config, EdgeBroker broker, UplinkService uplink, SyncControls controls,
                         EdgeStateStore state) {
        this.config = config;
        this.broker = broker;
        this.uplink = uplink;
        this.controls = controls;
        this.state = state;
        this.quota = new QuotaPolicy(config.buffer().maxBytes(), config.buffer().highWatermark(),
                config.buffer().lowWatermark());
        this.snapshot = PressureSnapshot.empty(config.buffer().maxBytes());
        config.streams().forEach((name, s) -> {
            policies.put(name, BufferPolicy.parse(s.bufferPolicy()));
            for (int p = 0; p < s.partitions(); p++) {
                partitions.add(new StreamPartition(name, p));
            }
        });
    }

    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent ev) {
        admin = broker.admin();
        loadCursors();
        index = new CuratedIndex(broker.bootstrapServers(), partitions).start();
        // The broker deletes segments below a new log start at its retention check, then the files after a delay.
        evictionCooldown = Duration.ofMillis(EdgeBroker.RETENTION_CHECK_MS + EdgeBroker.SEGMENT_DELETE_DELAY_MS)
                .plus(config.buffer().checkInterval());
        controls.heartbeats(this::heartbeat);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-buffer-monitor");
            t.setDaemon(true);
            return t;
        });
        long every = config.buffer().checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
        if (quota.maxBytes() > 0) {
            LOG.infof("Disk quota %d bytes over raw+curated+dlq (high %.0f%%, low %.0f%%); policies %s",
                    quota.maxBytes(), config.buffer().highWatermark() * 100, config.buffer().lowWatermark() * 100, policies);
        }
    }

    /** Before the uplink (50) and the broker. */
    void onStop(@Observes @Priority(40) ShutdownEvent ev) {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (index != null) {
            index.close();
        }
    }

    public PressureSnapshot snapshot() {
        return snapshot;
    }

    /** True while ingest must refuse events of {@code stream}: the buffer is full and the stream's policy is reject. */
    public boolean rejects(String stream) {
        return snapshot.full() && policies.get(stream) == BufferPolicy.REJECT;
    }

    /**
     * Exact backlog of a partition: committed records in [{@code from}, {@code end}); empty while the index has
     * not read up to {@code end} yet.
     */
    public OptionalLong backlog(StreamPartition sp, long from, long end) {
        CuratedIndex i = index;
        if (i == null || i.indexedEnd(sp).orElse(-1) < end) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(i.query(sp, r -> r.count(from) - r.count(end)));
    }

    public int retryAfterSeconds() {
        return config.buffer().retryAfterSeconds();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Buffer check failed (retrying in %s): %s", config.buffer().checkInterval(), e.toString());
        }
    }

    void tick() throws Exception {
        long timeout = 10_000;
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(sp -> {
            earliest.put(sp.curated(), OffsetSpec.earliest());
            latest.put(sp.curated(), OffsetSpec.latest());
        });
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var starts = admin.listOffsets(earliest, committed).all().get(timeout, TimeUnit.MILLISECONDS);
        var ends = admin.listOffsets(latest, committed).all().get(timeout, TimeUnit.MILLISECONDS);
        long used = usedBytes(timeout);
        Map<StreamPartition, Long> logStart = new HashMap<>();
        partitions.forEach(sp -> logStart.put(sp, starts.get(sp.curated()).offset()));
        index.prune(logStart);
        rememberCursors();

        QuotaPolicy.Decision d = quota.evaluate(used);
        if (d.bytesToFree() > 0 && System.nanoTime() >= evictionAllowedAt) {
            evict(d.bytesToFree(), used);
        }
        boolean exact = partitions.stream().allMatch(sp -> index.indexedEnd(sp).orElse(-1)
                >= ends.get(sp.curated()).offset());
        PressureSnapshot s = figures(used, d.full(), exact, logStart);
        if (s.full() && exact && s.streams().values().stream().allMatch(st -> st.backlogEvents() == 0)) {
            // Over the watermark with nothing left to ship: what is used is the log's active segments and the dlq,
            // which no sending can free. Refusing would stall ingest for good, so accept and say why.
            if (!overWithNothingToShip) {
                LOG.warnf("The local log uses %d of edge.buffer.max-bytes=%d bytes with nothing left to send (active"
                        + " segments and dead letters that sending cannot free); accepting events anyway. Raise"
                        + " edge.buffer.max-bytes", used, quota.maxBytes());
            }
            overWithNothingToShip = true;
            s = figures(used, false, exact, logStart);
        } else {
            overWithNothingToShip = false;
        }
        snapshot = s;
    }

    private long usedBytes(long timeout) throws Exception {
        if (brokerIds == null) {
            brokerIds = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS).stream().map(Node::id).toList();
        }
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokerIds).allDescriptions()
                .get(timeout, TimeUnit.MILLISECONDS);
        long used = 0;
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (var e : dir.replicaInfos().entrySet()) {
                    String t = e.getKey().topic();
                    if (t.startsWith("raw.") || t.startsWith("curated.") || t.startsWith("dlq.")) {
                        used += e.getValue().size();
                    }
                }
            }
        }
        return used;
    }

    /** First unsent offset as far as known: the uplink's view, else what was remembered; never below the log start. */
    private long unsentFrom(StreamPartition sp, long logStart) {
        UplinkStatus.PartitionProgress p = uplink.status().progress(sp);
        long shipped = p.shipped().orElse(cursors.getOrDefault(sp, 0L));
        return Math.max(logStart, Math.max(shipped, cursors.getOrDefault(sp, 0L)));
    }

    private PressureSnapshot figures(long used, boolean full, boolean exact, Map<StreamPartition, Long> logStart) {
        long now = System.currentTimeMillis();
        Map<String, PressureSnapshot.Stream> streams = new TreeMap<>();
        long totalBytes = 0;
        double totalRate = 0;
        for (var e : new TreeMap<>(config.streams()).entrySet()) {
            String name = e.getKey();
            long events = 0;
            long bytes = 0;
            long oldest = Long.MAX_VALUE;
            for (int p = 0; p < e.getValue().partitions(); p++) {
                StreamPartition sp = new StreamPartition(name, p);
                long from = unsentFrom(sp, logStart.get(sp));
                events += index.query(sp, r -> r.count(from));
                bytes += index.query(sp, r -> r.bytes(from));
                OptionalLong ts = index.query(sp, r -> r.oldestTimestamp(from));
                if (ts.isPresent()) {
                    oldest = Math.min(oldest, ts.getAsLong());
                }
            }
            SyncCounters.Stream c = controls.counters().stream(name);
            totalBytes += bytes;
            totalRate += c.sentBytesPerSecond();
            streams.put(name, new PressureSnapshot.Stream(e.getValue().priority(), e.getValue().bufferPolicy(), events,
                    bytes, oldest == Long.MAX_VALUE ? -1 : Math.max(0, now - oldest), c.sentPerSecond(), c.sent(),
                    c.expired(), c.dropped(), full && policies.get(name) == BufferPolicy.REJECT));
        }
        long eta = totalBytes == 0 ? 0 : totalRate <= 0 ? -1 : (long) Math.ceil(totalBytes / totalRate);
        return new PressureSnapshot(Instant.ofEpochMilli(now), used, quota.maxBytes(), full, exact, eta, streams);
    }

    /**
     * Deletes the oldest unsent records of drop-oldest streams, about {@code bytesToFree}, under the eviction gate
     * (never inside an open uplink transaction, never below what the centre committed), then counts them.
     */
    private void evict(long bytesToFree, long used) throws Exception {
        if (!controls.gate().tryLock(10_000)) {
            LOG.warn("Buffer over its high watermark but the uplink held its round for 10 s; evicting at the next check");
            return;
        }
        try {
            Map<TopicPartition, Long> starts = new HashMap<>();
            admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(StreamPartition::curated,
                    sp -> OffsetSpec.earliest()))).all().get(10, TimeUnit.SECONDS).forEach((tp, i) -> starts.put(tp, i.offset()));
            List<EvictionPlanner.Candidate> candidates = new ArrayList<>();
            for (StreamPartition sp : partitions) {
                if (policies.get(sp.stream()) != BufferPolicy.DROP_OLDEST) {
                    continue;
                }
                long from = unsentFrom(sp, starts.get(sp.curated()));
                dev.edgesync.edge.stream.Priority priority = controls.policy().priority(sp.stream());
                candidates.add(new EvictionPlanner.Candidate(sp, priority, from, index.runs(sp)));
            }
            List<EvictionPlanner.Cut> cuts = index.locked(() -> EvictionPlanner.plan(candidates, bytesToFree));
            if (cuts.isEmpty()) {
                return;
            }
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            cuts.forEach(c -> delete.put(c.partition().curated(), RecordsToDelete.beforeOffset(c.beforeOffset())));
            admin.deleteRecords(delete).all().get(10, TimeUnit.SECONDS);
            Map<String, long[]> perStream = new TreeMap<>();
            for (EvictionPlanner.Cut c : cuts) {
                controls.gate().markEvicted(c.partition(), c.beforeOffset());
                controls.counters().dropped(c.partition().stream(), c.records(), c.bytes());
                long[] t = perStream.computeIfAbsent(c.partition().stream(), k -> new long[2]);
                t[0] += c.records();
                t[1] += c.bytes();
            }
            evictionAllowedAt = System.nanoTime() + evictionCooldown.toNanos();
            perStream.forEach((stream, t) -> LOG.warnf("Buffer at %d of %d bytes (edge.buffer.max-bytes): dropped the %d"
                    + " oldest unsent events (%d bytes) of stream %s (buffer-policy drop-oldest). Raise the quota, the"
                    + " bandwidth or restore the link to stop this", used, quota.maxBytes(), t[0], t[1], stream));
        } finally {
            controls.gate().unlock();
        }
    }

    private Optional<Heartbeat> heartbeat() {
        PressureSnapshot s = snapshot;
        if (s.takenAt().equals(Instant.EPOCH)) {
            return Optional.empty();
        }
        Map<String, Heartbeat.StreamFigures> streams = new TreeMap<>();
        s.streams().forEach((name, f) -> streams.put(name, new Heartbeat.StreamFigures(f.priority(), f.backlogEvents(),
                f.backlogBytes(), f.oldestUnsentAgeMs(), f.sent(), f.expired(), f.dropped())));
        LinkState link = uplink.status().state();
        return Optional.of(new Heartbeat(config.site().id(), System.currentTimeMillis(), link.wireName(), s.usedBytes(),
                s.maxBytes(), controls.limiter().rate(), s.drainEtaSeconds(), streams));
    }

    private static byte[] cursorKey(StreamPartition sp) {
        return (sp.stream() + "/" + sp.partition()).getBytes(StandardCharsets.UTF_8);
    }

    private void loadCursors() {
        for (StreamPartition sp : partitions) {
            byte[] v = state.store().get(StateFamilies.SYNC_CURSORS, cursorKey(sp));
            if (v != null && v.length == 8) {
                cursors.put(sp, ByteBuffer.wrap(v).getLong());
            }
        }
    }

    /** Remembers how far the centre has committed, so the quota knows what is unsent after a restart offline. */
    private void rememberCursors() {
        for (StreamPartition sp : partitions) {
            long committed = uplink.status().progress(sp).committedNextEdgeOffset();
            if (committed > cursors.getOrDefault(sp, -1L)) {
                cursors.put(sp, committed);
                state.store().put(StateFamilies.SYNC_CURSORS, cursorKey(sp), ByteBuffer.allocate(8).putLong(committed).array());
            }
        }
    }
}
