package dev.edgesync.edge.status;

import dev.edgesync.edge.broker.EdgeBroker;
import dev.edgesync.edge.buffer.BufferMonitor;
import dev.edgesync.edge.buffer.PressureSnapshot;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.downlink.DownlinkService;
import dev.edgesync.edge.downlink.DownlinkStatus;
import dev.edgesync.edge.sync.SyncControls;
import dev.edgesync.edge.sync.SyncCounters;
import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.edge.sync.UplinkService;
import dev.edgesync.edge.sync.UplinkStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Builds the status view from the configuration, the uplink's progress and the local curated offsets. */
@ApplicationScoped
public class StatusService {

    private final EdgeConfig config;
    private final EdgeBroker broker;
    private final UplinkService uplink;
    private final BufferMonitor monitor;
    private final SyncControls controls;
    private final DownlinkService downlink;

    public StatusService(EdgeConfig config, EdgeBroker broker, UplinkService uplink, BufferMonitor monitor,
                         SyncControls controls, DownlinkService downlink) {
        this.config = config;
        this.broker = broker;
        this.uplink = uplink;
        this.monitor = monitor;
        this.controls = controls;
        this.downlink = downlink;
    }

    public StatusView status() throws Exception {
        UplinkStatus u = uplink.status();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        config.streams().forEach((name, s) -> {
            for (int p = 0; p < s.partitions(); p++) {
                TopicPartition tp = new StreamPartition(name, p).curated();
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            }
        });
        Admin a = broker.admin();
        // read_committed: an open pipeline transaction is not backlog yet.
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var starts = a.listOffsets(earliest, committed).all().get(10, TimeUnit.SECONDS);
        var ends = a.listOffsets(latest, committed).all().get(10, TimeUnit.SECONDS);

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
                long st = starts.get(sp.curated()).offset();
                long en = ends.get(sp.curated()).offset();
                UplinkStatus.PartitionProgress progress = u.progress(sp);
                OptionalLong counted = monitor.backlog(sp, Math.max(st, progress.shipped().orElse(st)), en);
                exact &= counted.isPresent();
                backlog += counted.isPresent() ? counted.getAsLong() : Backlog.of(st, en, progress.shipped());
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
                    c.sentPerSecond(), c.sent(), c.expired(), c.dropped(), monitor.rejects(name)));
        });
        return new StatusView(
                new StatusView.Site(config.site().id(), config.site().region(), config.site().cloud()),
                new StatusView.Link(u.state().wireName(), u.lastSyncAt().orElse(null), u.lastError().orElse(null),
                        u.coreBootstrapServers().orElse(null)),
                streams,
                new StatusView.Buffer(snap.usedBytes() < 0 ? null : snap.usedBytes(), config.buffer().maxBytes(),
                        config.buffer().highWatermark(), config.buffer().lowWatermark(), snap.full()),
                new StatusView.Sync(controls.limiter().rate(), controls.counters().wireBytes()),
                snap.drainEtaSeconds() < 0 ? null : snap.drainEtaSeconds(),
                downlinkView(downlink.status()));
    }

    private static StatusView.Downlink downlinkView(DownlinkStatus d) {
        return new StatusView.Downlink(d.state(), d.lastError().orElse(null), d.counts(), d.lastAppliedAt().orElse(null),
                d.lastAppliedId().orElse(null), d.lastRejection().map(r -> new StatusView.Rejected(r.id(), r.kind(),
                r.topic(), r.partition(), r.offset(), r.reason().wireName(), r.detail(), r.at())).orElse(null));
    }

}
