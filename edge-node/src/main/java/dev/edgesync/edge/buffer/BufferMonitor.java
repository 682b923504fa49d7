package dev.edgesync.edge.buffer;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.edge.state.SyncCursors;
import dev.edgesync.edge.stream.Priority;
import dev.edgesync.edge.stream.StreamPartition;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks the local log every {@code edge.buffer.check-interval} and keeps the {@link PressureSnapshot} that
 * status, metrics and heartbeats show: measures it ({@link LocalLog}), counts the {@link Backlog}, remembers
 * what the centre has committed ({@link SyncCursors}) and enforces the disk quota ({@link QuotaEnforcement},
 * {@link Eviction}). A second task guards the free space of the data dir's filesystem ({@link DiskGuard}): samples it,
 * keeps or gives up the {@link ReserveFile} and evicts the dlq first when space is short ({@link DlqEviction}).
 * Works with the link down and across restarts. What the uplink has shipped comes in
 * through {@link #shipping(Shipping)}; the buffer never calls the uplink.
 */
@ApplicationScoped
public class BufferMonitor {

    private static final Logger LOG = Logger.getLogger(BufferMonitor.class);
    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final EdgeStateStore state;
    private final Map<String, BufferPolicy> policies = new TreeMap<>();
    private final Map<String, Priority> priorities = new TreeMap<>();
    private final List<StreamPartition> partitions = new ArrayList<>();
    private final EvictionGate gate = new EvictionGate();
    private final DropCounts dropped = new DropCounts();
    private final RecordAges ages = RecordAges.system();
    private final QuotaPolicy quota;
    private volatile Shipping shipping = Shipping.NONE;
    private volatile PressureSnapshot snapshot;
    private volatile Backlog backlog;
    private SyncCursors cursors;
    private ScheduledExecutorService scheduler;
    private Admin admin;
    private CuratedIndex index;
    private LocalLog log;
    private QuotaEnforcement enforcement;
    private Eviction eviction;
    private final DiskGuard disk;
    private final DiskUsage usage;
    private final ReserveFile reserve;
    private volatile DlqEviction dlq;
    private long dlqEvictionAllowedAt = System.nanoTime();
    private Duration cooldown;
    private boolean wasRefusing;

    public BufferMonitor(EdgeConfig config, EdgeBroker broker, EdgeStateStore state) {
        this.config = config;
        this.broker = broker;
        this.state = state;
        this.quota = new QuotaPolicy(config.buffer().maxBytes(), config.buffer().highWatermark(),
                config.buffer().lowWatermark());
        this.snapshot = PressureSnapshot.empty(config.buffer().maxBytes());
        this.disk = new DiskGuard(new DiskFloor(config.buffer().minFreeBytes(), config.buffer().minFreePercent()),
                config.dataDir());
        this.usage = new DiskUsage(config.dataDir());
        this.reserve = new ReserveFile(config.dataDir(), config.buffer().reserveBytes());
        config.streams().forEach((name, s) -> {
            policies.put(name, BufferPolicy.parse(s.bufferPolicy()));
            priorities.put(name, Priority.parse(s.priority()));
            for (int p = 0; p < s.partitions(); p++) {
                partitions.add(new StreamPartition(name, p));
            }
        });
    }

    /**
     * First of the start, before the broker opens its log: deletes the reserve file, so a box whose disk filled
     * has room to come up (the disk check writes it again once there is room), and takes the first sample, so
     * ingest is guarded from its first request.
     */
    public void releaseReserve() throws IOException {
        reserve.release("starting: room to open the log and drain; written again once there is room");
        DiskFloor.Sample s = disk.sample();
        long floor = disk.floorBytes();
        LOG.infof("Data dir %s: %d of %d bytes free, floor %d (edge.buffer.min-free-bytes=%d, min-free-percent=%s)",
                config.dataDir(), s.usableBytes(), s.totalBytes(), floor, config.buffer().minFreeBytes(),
                config.buffer().minFreePercent());
        if (floor > s.totalBytes() / 2) {
            LOG.warnf("The free-space floor (%d bytes) is over half of the data dir's filesystem (%d bytes): little"
                    + " room is left for the buffer; lower edge.buffer.min-free-bytes or use a larger disk",
                    floor, s.totalBytes());
        }
    }

    /** After the uplink: it has said how to learn what it shipped (see boot.BootOrder). */
    public void start() {
        admin = broker.admin();
        log = new LocalLog(admin, 10_000);
        index = new CuratedIndex(broker.bootstrapServers(), partitions, ages).start();
        cursors = new SyncCursors(state.store(), partitions);
        Backlog b = new Backlog(index, cursors);
        b.shipping(shipping);
        backlog = b;
        // The broker deletes segments below a new log start at its retention check, then the files after a delay.
        cooldown = Duration.ofMillis(EdgeBroker.RETENTION_CHECK_MS + EdgeBroker.SEGMENT_DELETE_DELAY_MS)
                .plus(config.buffer().checkInterval());
        enforcement = new QuotaEnforcement(quota, policies, cooldown, System::nanoTime);
        eviction = new Eviction(log, index, b, gate, dropped, state.gaps(), partitions.stream()
                .filter(sp -> policies.get(sp.stream()) == BufferPolicy.DROP_OLDEST).toList(), priorities::get);
        dlq = new DlqEviction(admin, partitions);
        // Two threads: the disk check must go on while a quota check waits on the broker.
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "edge-buffer-monitor");
            t.setDaemon(true);
            return t;
        });
        long every = config.buffer().checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::checkDiskQuietly, 0, every, TimeUnit.MILLISECONDS);
        if (quota.maxBytes() > 0) {
            LOG.infof("Disk quota %d bytes over what the box holds in its data dir (high %.0f%%, low %.0f%%); policies %s",
                    quota.maxBytes(), config.buffer().highWatermark() * 100, config.buffer().lowWatermark() * 100, policies);
        }
    }

    /** Before the uplink and the broker. */
    public void stop() {
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

    /** Ages of curated records by the monotonic clock, for max-age (made at construction: the uplink starts first). */
    public RecordAges ages() {
        return ages;
    }

    /** Where to learn what the centre has committed and how fast the uplink sends (the uplink says so). */
    public void shipping(Shipping s) {
        shipping = s;
        Backlog b = backlog;
        if (b != null) {
            b.shipping(s);
        }
    }

    public PressureSnapshot snapshot() {
        return snapshot;
    }

    /** True while ingest must refuse events of {@code stream}: the buffer is full and the stream's policy is reject. */
    public boolean rejects(String stream) {
        return QuotaEnforcement.rejects(snapshot.full(), policies.get(stream));
    }

    /** Backlog of a partition whose committed log is [{@code logStart}, {@code end}) now; see {@link Backlog}. */
    public Backlog.Partition backlog(StreamPartition sp, long logStart, long end) {
        Backlog b = backlog;
        if (b == null) {
            return new Backlog.Partition(Backlog.offsets(Backlog.unsentFrom(logStart, shipping.shipped(sp), 0), end), false);
        }
        return b.partition(sp, logStart, end);
    }

    /** Shared with the uplink: keeps eviction out of its open transactions. */
    public EvictionGate gate() {
        return gate;
    }

    /** Offsets never shipped (expired, dropped, corrupt), as ranges; persisted. */
    public dev.edgesync.edge.state.GapLedger gaps() {
        return state.gaps();
    }

    /** True if this start found the state store damaged and moved it aside. */
    public boolean stateRecovered() {
        return state.recovery().isPresent();
    }

    /** Events (and bytes) deleted unsent by drop-oldest since start. */
    public DropCounts dropped() {
        return dropped;
    }

    /** The free-space floor, asked by ingest for every request. */
    public DiskGuard disk() {
        return disk;
    }

    /** Whether the reserve file is in place. */
    public boolean reserveHeld() {
        return reserve.present();
    }

    /** Dlq offsets deleted because disk space was short, since start. */
    public long dlqEvicted() {
        DlqEviction d = dlq;
        return d == null ? 0 : d.evicted();
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

    private void checkDiskQuietly() {
        try {
            checkDisk();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Disk check failed (retrying in %s): %s", config.buffer().checkInterval(), e.toString());
        }
    }

    void checkDisk() throws Exception {
        DiskFloor.Sample s = disk.sample();
        DiskFloor floor = disk.floor();
        long floorBytes = floor.floor(s.totalBytes());
        if (reserve.present() && floor.critical(s)) {
            reserve.release("only " + s.usableBytes() + " bytes free, under half the floor of " + floorBytes);
        } else if (!reserve.present() && floor.mayKeepReserve(s, reserve.bytes())) {
            reserve.create();
        }
        if (floor.isShort(s) && System.nanoTime() - dlqEvictionAllowedAt >= 0
                && dlq.evictOlderHalf(s.usableBytes(), floorBytes)) {
            dlqEvictionAllowedAt = System.nanoTime() + cooldown.toNanos();
        }
        boolean refusing = disk.refusing();
        if (refusing && !wasRefusing) {
            LOG.warnf("Disk nearly full: %d of %d bytes free, under the floor of %d bytes (edge.buffer.min-free-bytes,"
                    + " min-free-percent); ingest answers 507 until the uplink has sent and freed enough",
                    s.usableBytes(), s.totalBytes(), floorBytes);
        } else if (!refusing && wasRefusing) {
            LOG.infof("Disk space back over the floor: %d bytes free, floor %d; ingest accepts again",
                    s.usableBytes(), floorBytes);
        }
        wasRefusing = refusing;
    }

    void tick() throws Exception {
        LocalLog.Offsets offsets = log.curated(partitions);
        long used = usage.bytes();
        index.prune(offsets.starts());
        Backlog b = backlog;
        Shipping s = b.shipping();
        partitions.forEach(sp -> cursors.remember(sp, s.committed(sp)));

        QuotaEnforcement.Decision d = enforcement.check(used);
        if (d.bytesToFree() > 0 && eviction.evict(d.bytesToFree(), used, quota.maxBytes())) {
            enforcement.evicted();
        }
        boolean exact = partitions.stream().allMatch(sp -> index.indexedEnd(sp).orElse(-1) >= offsets.ends().get(sp));
        PressureSnapshot.Builder figures = new PressureSnapshot.Builder(Instant.ofEpochMilli(System.currentTimeMillis()),
                used, quota.maxBytes(), exact);
        for (var e : new TreeMap<>(config.streams()).entrySet()) {
            String name = e.getKey();
            figures.stream(name, e.getValue().priority(), e.getValue().bufferPolicy(), policies.get(name),
                    dropped.events(name));
            for (int p = 0; p < e.getValue().partitions(); p++) {
                StreamPartition sp = new StreamPartition(name, p);
                figures.add(name, b.unsent(sp, offsets.starts().get(sp)));
            }
        }
        boolean full = enforcement.full(d.full(), exact && figures.nothingToShip(), used);
        snapshot = figures.build(full, s.bytesPerSecond());
    }
}
