package dev.edgesync.edge.status;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.buffer.Backlog;
import dev.edgesync.edge.buffer.BufferMonitor;
import dev.edgesync.edge.buffer.LocalLog;
import dev.edgesync.edge.buffer.PressureSnapshot;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.downlink.DownlinkService;
import dev.edgesync.edge.downlink.DownlinkStatus;
import dev.edgesync.edge.sync.ClockSkew;
import dev.edgesync.edge.sync.SyncControls;
import dev.edgesync.edge.sync.SyncCounters;
import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.edge.sync.UplinkService;
import dev.edgesync.edge.sync.UplinkStatus;
import dev.edgesync.edge.state.EdgeStateStore;
import dev.edgesync.edge.state.GapLedger;
import dev.edgesync.protocol.GapRange;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the status view from the configuration, the uplink's progress and the local curated offsets. */
@ApplicationScoped
public class StatusService {

    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final UplinkService uplink;
    private final BufferMonitor monitor;
    private final SyncControls controls;
    private final DownlinkService downlink;
    private final EdgeStateStore state;

    public StatusService(EdgeConfig config, EdgeBroker broker, UplinkService uplink, BufferMonitor monitor,
                         SyncControls controls, DownlinkService downlink, EdgeStateStore state) {
        this.state = state;
        this.config = config;
        this.broker = broker;
        this.uplink = uplink;
        this.monitor = monitor;
        this.controls = controls;
        this.downlink = downlink;
    }

    public StatusView status() throws Exception {
        UplinkStatus u = uplink.status();
        List<StreamPartition> partitions = new ArrayList<>();
        config.streams().forEach((name, s) -> {
            for (int p = 0; p < s.partitions(); p++) {
                partitions.add(new StreamPartition(name, p));
            }
        });
        LocalLog.Offsets offsets = new LocalLog(broker.admin(), 10_000).curated(partitions);

        PressureSnapshot snap = monitor.snapshot();
        Map<String, StatusView.StreamStatus> streams = new TreeMap<>();
        config.streams().forEach((name, s) -> {
            long backlog = 0;
            boolean exact = true;
            Instant last = null;
            List<Long> start = new ArrayList<>();
            List<Long> end = new ArrayList<>();
            List<Long> synced = new ArrayList<>();
            for (int p = 0; p < s.partitions(); p++) {
                StreamPartition sp = new StreamPartition(name, p);
                long st = offsets.starts().get(sp);
                long en = offsets.ends().get(sp);
                UplinkStatus.PartitionProgress progress = u.progress(sp);
                Backlog.Partition counted = monitor.backlog(sp, st, en);
                exact &= counted.exact();
                backlog += counted.events();
                start.add(st);
                end.add(en);
                synced.add(progress.committedNextEdgeOffset() < 0 ? null : progress.committedNextEdgeOffset());
                if (progress.lastSyncAt() != null && (last == null || progress.lastSyncAt().isAfter(last))) {
                    last = progress.lastSyncAt();
                }
            }
            PressureSnapshot.Stream f = snap.streams().get(name);
            SyncCounters.Stream c = controls.counters().stream(name);
            streams.put(name, new StatusView.StreamStatus(backlog, start, end, synced, last,
                    s.priority(), s.bufferPolicy(), s.maxAge().map(Duration::toSeconds).orElse(null), exact,
                    f == null ? 0 : f.backlogBytes(),
                    f == null || f.oldestUnsentAgeMs() < 0 ? null : f.oldestUnsentAgeMs() / 1000.0,
                    c.sentPerSecond(), c.sent(), c.expired(), monitor.dropped().events(name), monitor.rejects(name)));
        });
        return new StatusView(
                new StatusView.Site(config.site().id(), config.site().region(), config.site().cloud()),
                new StatusView.Link(u.state().wireName(), u.lastSyncAt().orElse(null), u.lastError().orElse(null),
                        u.coreBootstrapServers().orElse(null),
                        u.clockSkew().latest().map(ClockSkew.Estimate::skewMs).orElse(null),
                        u.clockSkew().latest().map(ClockSkew.Estimate::accuracyMs).orElse(null),
                        u.clockSkew().latest().map(ClockSkew.Estimate::measuredAt).orElse(null)),
                streams,
                new StatusView.Buffer(snap.usedBytes() < 0 ? null : snap.usedBytes(), config.buffer().maxBytes(),
                        config.buffer().highWatermark(), config.buffer().lowWatermark(), snap.full(),
                        refusing(snap), diskView()),
                new StatusView.Sync(controls.limiter().rate(), controls.counters().wireBytes()),
                snap.drainEtaSeconds() < 0 ? null : snap.drainEtaSeconds(),
                downlinkView(downlink.status()), gapsView(), stateStoreView());
    }

    private StatusView.Gaps gapsView() {
        GapLedger ledger = state.gaps();
        Map<String, Long> offsets = new TreeMap<>();
        GapRange.CAUSES.forEach(c -> offsets.put(c, ledger.offsets(c)));
        List<StatusView.GapView> ranges = ledger.all().stream().map(e -> new StatusView.GapView(e.range().stream(),
                e.range().partition(), e.range().fromOffset(), e.range().toOffset(), e.range().cause(), e.range().count(),
                Instant.ofEpochMilli(e.recordedAtMs()))).toList();
        return new StatusView.Gaps(offsets, ranges);
    }

    private StatusView.StateStoreView stateStoreView() {
        return state.recovery().map(r -> new StatusView.StateStoreView("recovered", r.movedAsideTo().toString(),
                r.reason(), r.at())).orElse(new StatusView.StateStoreView("ok", null, null, null));
    }

    /** Why ingest refuses: the floor (every stream) before the quota (reject streams only); null if it accepts. */
    private String refusing(PressureSnapshot snap) {
        if (monitor.disk().refusing()) {
            return "disk-full";
        }
        return snap.streams().values().stream().anyMatch(PressureSnapshot.Stream::rejecting) ? "quota-full" : null;
    }

    private StatusView.Disk diskView() {
        var disk = monitor.disk();
        return disk.latest().map(s -> new StatusView.Disk(s.usableBytes(), s.totalBytes(), disk.floorBytes(),
                config.buffer().reserveBytes(), monitor.reserveHeld(), disk.refusedTotal(), monitor.dlqEvicted()))
                .orElse(null);
    }

    private static StatusView.Downlink downlinkView(DownlinkStatus d) {
        return new StatusView.Downlink(d.state(), d.lastError().orElse(null), d.counts(), d.lastAppliedAt().orElse(null),
                d.lastAppliedId().orElse(null), d.lastRejection().map(r -> new StatusView.Rejected(r.id(), r.kind(),
                r.topic(), r.partition(), r.offset(), r.reason().wireName(), r.detail(), r.at())).orElse(null));
    }

}
