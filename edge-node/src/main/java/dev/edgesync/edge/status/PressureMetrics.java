package dev.edgesync.edge.status;

import dev.edgesync.edge.buffer.BufferMonitor;
import dev.edgesync.edge.buffer.PressureSnapshot;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.stream.LinkState;
import dev.edgesync.edge.sync.SyncControls;
import dev.edgesync.edge.sync.UplinkService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.edgesync.protocol.GapRange;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of backlog, buffer and link (at {@code /q/metrics}); gauges read the buffer monitor's
 * latest snapshot (taken every {@code edge.buffer.check-interval}), counters the uplink's totals.
 */
@ApplicationScoped
public class PressureMetrics {

    private final MeterRegistry registry;
    private final EdgeConfig config;
    private final BufferMonitor monitor;
    private final SyncControls controls;
    private final UplinkService uplink;

    public PressureMetrics(MeterRegistry registry, EdgeConfig config, BufferMonitor monitor, SyncControls controls,
                           UplinkService uplink) {
        this.registry = registry;
        this.config = config;
        this.monitor = monitor;
        this.controls = controls;
        this.uplink = uplink;
    }

    /** Registers the meters, once the uplink has started. */
    public void start() {
        for (String stream : config.streams().keySet()) {
            streamGauge("edge.backlog.events", stream, "events not yet committed at the centre", f -> f.backlogEvents());
            streamGauge("edge.backlog.bytes", stream, "bytes of the backlog (uncompressed)", f -> f.backlogBytes());
            streamGauge("edge.backlog.oldest.age.seconds", stream, "age of the oldest unsent event (0 when none)",
                    f -> Math.max(0, f.oldestUnsentAgeMs()) / 1000.0);
            var c = controls.counters().stream(stream);
            Gauge.builder("edge.sync.sent.rate", c, x -> x.sentPerSecond()).tag("stream", stream)
                    .description("events per second committed at the centre, last 10 s").register(registry);
            FunctionCounter.builder("edge.sync.sent.events", c, x -> x.sent()).tag("stream", stream)
                    .description("events committed at the centre").register(registry);
            FunctionCounter.builder("edge.expired.events", c, x -> x.expired()).tag("stream", stream)
                    .description("events not sent because older than the stream's max-age").register(registry);
            FunctionCounter.builder("edge.dropped.events", monitor, m -> m.dropped().events(stream)).tag("stream", stream)
                    .description("events deleted unsent by the drop-oldest policy").register(registry);
        }
        Gauge.builder("edge.link.up", uplink, u -> u.status().state() == LinkState.UP ? 1 : 0)
                .description("1 while the uplink is connected to the centre").register(registry);
        Gauge.builder("edge.clock.skew.seconds", uplink, u -> u.status().clockSkew().latest()
                        .map(e -> e.skewMs() / 1000.0).orElse(Double.NaN))
                .description("this box's clock minus the centre's, from the last acknowledged heartbeat (NaN: not measured)")
                .register(registry);
        Gauge.builder("edge.buffer.used.bytes", monitor, m -> m.snapshot().usedBytes())
                .description("bytes the box holds under its data dir (broker partitions, metadata log, RocksDB)").register(registry);
        Gauge.builder("edge.buffer.max.bytes", monitor, m -> m.snapshot().maxBytes())
                .description("disk quota (0 = none)").register(registry);
        Gauge.builder("edge.buffer.full", monitor, m -> m.snapshot().full() ? 1 : 0)
                .description("1 while over the high watermark (reject streams answer 507)").register(registry);
        Gauge.builder("edge.disk.free.bytes", monitor, m -> m.disk().latest().map(s -> (double) s.usableBytes()).orElse(-1.0))
                .description("bytes free on the data dir's filesystem, as last sampled (-1 unknown)").register(registry);
        Gauge.builder("edge.disk.total.bytes", monitor, m -> m.disk().latest().map(s -> (double) s.totalBytes()).orElse(-1.0))
                .description("size of the data dir's filesystem (-1 unknown)").register(registry);
        Gauge.builder("edge.disk.floor.bytes", monitor, m -> m.disk().floorBytes())
                .description("free-space floor: under it ingest answers 507 (-1 unknown)").register(registry);
        Gauge.builder("edge.disk.refusing", monitor, m -> m.disk().refusing() ? 1 : 0)
                .description("1 while under the free-space floor (every stream answers 507)").register(registry);
        FunctionCounter.builder("edge.disk.refused", monitor, m -> m.disk().refusedTotal())
                .description("requests answered 507 because the disk was at its free-space floor").register(registry);
        FunctionCounter.builder("edge.dlq.evicted", monitor, m -> m.dlqEvicted())
                .description("dlq offsets deleted because disk space was short").register(registry);
        Gauge.builder("edge.drain.eta.seconds", monitor, m -> m.snapshot().drainEtaSeconds())
                .description("seconds to send the backlog at the recent rate (-1 unknown)").register(registry);
        Gauge.builder("edge.sync.max.bytes.per.second", controls, c -> c.limiter().rate())
                .description("bandwidth cap of the uplink (0 = none)").register(registry);
        FunctionCounter.builder("edge.sync.wire.bytes", controls, c -> c.counters().wireBytes())
                .description("bytes the uplink put on the wire toward the centre").register(registry);
        for (String cause : GapRange.CAUSES) {
            FunctionCounter.builder("edge.gap.offsets", monitor, m -> m.gaps().offsets(cause)).tag("cause", cause)
                    .description("curated offsets never shipped, by cause (expired, dropped, corrupt)").register(registry);
        }
        Gauge.builder("edge.state.store.recovered", monitor, m -> m.stateRecovered() ? 1 : 0)
                .description("1 if this start found the state store damaged and moved it aside").register(registry);
    }

    private void streamGauge(String name, String stream, String description, ToDoubleFunction<PressureSnapshot.Stream> f) {
        Gauge.builder(name, monitor, m -> {
            PressureSnapshot.Stream s = m.snapshot().streams().get(stream);
            return s == null ? 0 : f.applyAsDouble(s);
        }).tag("stream", stream).description(description).register(registry);
    }
}
