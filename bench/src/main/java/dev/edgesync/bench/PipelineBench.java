package dev.edgesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.edge.pipeline.IdentityProcessor;
import dev.edgesync.edge.pipeline.PipelineEngine;
import dev.edgesync.edge.pipeline.PipelineMetrics;
import dev.edgesync.edge.pipeline.RawEvent;
import dev.edgesync.edge.pipeline.StageRouting;
import dev.edgesync.edge.pipeline.StreamPipeline;
import dev.edgesync.edge.pipeline.aggregate.AggregateSpec;
import dev.edgesync.edge.pipeline.aggregate.Aggregator;
import dev.edgesync.edge.pipeline.aggregate.WindowStore;
import dev.edgesync.edge.pipeline.process.RedactStep;
import dev.edgesync.edge.pipeline.process.TransformStep;
import dev.edgesync.edge.pipeline.process.ValidateStep;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Preprocessing pipeline throughput and size reduction on the retail sample, in-process (no Kafka: the stage's
 * logic only, batch by batch as the stage runs it, window state in a real RocksDB). Baseline in the same run: the
 * identity pipeline (what the stage does with no pipeline configured). Chains: sales validate+redact+transform,
 * payments redact (card number), telemetry 1-minute aggregates per sensor, stock passed through.
 */
final class PipelineBench {

    private static final int BATCH = 1000;
    private static final String SALES_SCHEMA = """
            {"type":"object","required":["basketId","line","sku","qty","unitPrice","till"],
             "properties":{"basketId":{"type":"string"},"line":{"type":"integer","minimum":0},"sku":{"type":"string"},
              "qty":{"type":"integer","minimum":1},"unitPrice":{"type":"number","minimum":0},"till":{"type":"integer"},
              "customer":{"type":["object","null"]}}}""";

    private final Path work;
    private final int events;

    PipelineBench(Path work, int events) {
        this.work = work;
        this.events = events;
    }

    void run(Report report) throws Exception {
        List<Events.Prepared> sample = new Events().take(Math.min(events, 60_000));
        List<Map.Entry<String, RawEvent>> raw = new ArrayList<>(sample.size());
        Map<String, Long> offsets = new HashMap<>();
        for (Events.Prepared p : sample) {
            ProducerRecord<byte[], byte[]> r = p.record(Events.rawTopic(p.stream()));
            int partition = r.key() == null ? 0 : Utils.toPositive(Utils.murmur2(r.key())) % 3;
            long offset = offsets.merge(p.stream() + partition, 1L, Long::sum);
            raw.add(Map.entry(p.stream(), new RawEvent(partition, offset, 0, r.key(), r.value(), r.headers())));
        }
        // Warm-up of both engines (JIT, RocksDB), then the measured runs, baseline first.
        measure(raw.subList(0, Math.min(5_000, raw.size())), () -> engine(Map.of()));
        measure(raw.subList(0, Math.min(5_000, raw.size())), () -> engine(chains("warmup")));
        Result identity = measure(raw, () -> engine(Map.of()));
        Result chain = measure(raw, () -> engine(chains("measured")));
        Result salesOnly = measure(raw, () -> engine(only(chains("sales-only"), "sales")));
        Result telemetryOnly = measure(raw, () -> engine(only(chains("telemetry-only"), "telemetry")));
        List<Map.Entry<String, RawEvent>> oneHz = resampledTelemetry(raw);
        Result sensors = measure(oneHz, () -> engine(only(chains("telemetry-1hz"), "telemetry")));

        report.section("7. Preprocessing pipeline (in-process, retail sample)");
        report.line(String.format("%d events of the retail sample, processed in batches of %d as the stage does (one thread; "
                + "no Kafka: the stage's logic only, window state in RocksDB with its changelog kept in memory). "
                + "Baseline: the identity pipeline, in the same run.", raw.size(), BATCH));
        report.line("");
        report.row("pipeline", "events/s", "vs identity");
        report.row("---", "---", "---");
        report.row("identity (no pipeline)", String.format("%.0f", identity.rate()), "1.00×");
        report.row("sales validate+redact+transform, payments redact, telemetry aggregate 1m, stock pass",
                String.format("%.0f", chain.rate()), Report.ratio(chain.rate(), identity.rate()));
        report.row("only sales validate+redact+transform (other streams identity)",
                String.format("%.0f", salesOnly.rate()), Report.ratio(salesOnly.rate(), identity.rate()));
        report.row("only telemetry aggregate (other streams identity)",
                String.format("%.0f", telemetryOnly.rate()), Report.ratio(telemetryOnly.rate(), identity.rate()));
        report.line("");
        report.row("stream", "events in", "records out", "bytes in", "bytes out", "out/in bytes");
        report.row("---", "---", "---", "---", "---", "---");
        for (String s : List.of("sales", "payments", "telemetry", "stock")) {
            long in = chain.tally.bytes(s, "in");
            long out = chain.tally.bytes(s, "out");
            report.row(s, String.valueOf(chain.tally.events(s, PipelineMetrics.STAGE, "in")),
                    String.valueOf(chain.tally.events(s, PipelineMetrics.STAGE, "out")), String.valueOf(in),
                    String.valueOf(out), in == 0 ? "n/a" : String.format("%.3f", (double) out / in));
        }
        long in = 0;
        long out = 0;
        for (String s : List.of("sales", "payments", "telemetry", "stock")) {
            in += chain.tally.bytes(s, "in");
            out += chain.tally.bytes(s, "out");
        }
        report.row("all", String.valueOf(raw.size()), "", String.valueOf(in), String.valueOf(out),
                String.format("%.3f", (double) out / in));
        report.line("");
        report.line(String.format("Bytes are event data (record values); CloudEvents headers are left as they are. "
                + "Telemetry windows still open at the end of the run are not counted as output; the window-state "
                + "changelog (local only, never shipped) took %d bytes.", chain.changelogBytes));
        report.line("");
        long sIn = sensors.tally.bytes("telemetry", "in");
        long sOut = sensors.tally.bytes("telemetry", "out");
        report.line(String.format("Sensors at 1 Hz: the sample holds about three readings per sensor per minute, so its"
                + " telemetry was resampled to one reading per sensor per second (each reading repeated every second, with"
                + " its own id and time, until the sensor's next one): %d readings in, %d one-minute aggregates out, %d →"
                + " %d bytes, **out/in %.3f**, at %.0f events/s (%s of the identity pipeline's rate).", oneHz.size(),
                sensors.tally.events("telemetry", PipelineMetrics.STAGE, "out"), sIn, sOut,
                sIn == 0 ? 0.0 : (double) sOut / sIn, sensors.rate(), Report.ratio(sensors.rate(), identity.rate())));
        report.line("");
    }

    /** The sample's telemetry at one reading per sensor per second, in time order per sensor. */
    private static List<Map.Entry<String, RawEvent>> resampledTelemetry(List<Map.Entry<String, RawEvent>> raw) {
        Map<String, List<RawEvent>> bySensor = new java.util.TreeMap<>();
        for (Map.Entry<String, RawEvent> e : raw) {
            if (e.getKey().equals("telemetry") && e.getValue().key() != null) {
                bySensor.computeIfAbsent(new String(e.getValue().key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(e.getValue());
            }
        }
        List<Map.Entry<String, RawEvent>> out = new ArrayList<>();
        Map<Integer, Long> offsets = new HashMap<>();
        for (List<RawEvent> readings : bySensor.values()) {
            for (int i = 0; i + 1 < readings.size(); i++) {
                RawEvent r = readings.get(i);
                java.time.Instant from = time(r);
                java.time.Instant to = time(readings.get(i + 1));
                for (java.time.Instant t = from; t.isBefore(to); t = t.plusSeconds(1)) {
                    org.apache.kafka.common.header.internals.RecordHeaders h =
                            new org.apache.kafka.common.header.internals.RecordHeaders(r.headers().toArray());
                    h.remove("ce_time");
                    h.add("ce_time", t.toString().getBytes(StandardCharsets.UTF_8));
                    h.remove("ce_id");
                    h.add("ce_id", (new String(r.key(), StandardCharsets.UTF_8) + "-" + t.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
                    long offset = offsets.merge(r.partition(), 1L, Long::sum);
                    out.add(Map.entry("telemetry", new RawEvent(r.partition(), offset, 0, r.key(), r.value(), h)));
                }
            }
        }
        // Interleave sensors by time, as a store's sensors would arrive.
        out.sort(java.util.Comparator.comparing(e -> time(e.getValue())));
        return out;
    }

    private static java.time.Instant time(RawEvent e) {
        return java.time.Instant.parse(new String(e.headers().lastHeader("ce_time").value(), StandardCharsets.UTF_8));
    }

    private record Result(double rate, PipelineMetrics.Tally tally, long changelogBytes) {
    }

    private int stores;

    private Result measure(List<Map.Entry<String, RawEvent>> raw, Supplier<PipelineEngine> engines) {
        PipelineEngine engine = engines.get();
        PipelineMetrics.Tally total = new PipelineMetrics(new SimpleMeterRegistry()).tally();
        long changelog = 0;
        long sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < raw.size(); i += BATCH) {
            PipelineEngine.Batch b = engine.begin();
            for (Map.Entry<String, RawEvent> e : raw.subList(i, Math.min(raw.size(), i + BATCH))) {
                for (StageRouting.Target t : b.process(e.getKey(), e.getValue())) {
                    sink += t.value() == null ? 0 : t.value().length;
                }
            }
            for (StageRouting.Target t : b.finish()) {
                changelog += t.key().length + (t.value() == null ? 0 : t.value().length);
                memoryChangelog.append(t);
            }
            b.committed();
            total.addAll(b.tally());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (sink < 0) {
            throw new IllegalStateException();
        }
        closeStores();
        return new Result(raw.size() / seconds, total, changelog);
    }

    private final MemoryChangelog memoryChangelog = new MemoryChangelog();
    private final List<StateStore> open = new ArrayList<>();

    private PipelineEngine engine(Map<String, StreamPipeline> pipelines) {
        return new PipelineEngine(new IdentityProcessor(), pipelines, new PipelineMetrics(new SimpleMeterRegistry()));
    }

    private Map<String, StreamPipeline> chains(String name) throws RuntimeException {
        try {
            JsonNode schema = Events.JSON.readTree(SALES_SCHEMA);
            byte[] secret = "bench-site-secret-0123456789".getBytes(StandardCharsets.UTF_8);
            StreamPipeline sales = new StreamPipeline("sales", List.of(
                    new ValidateStep(schema),
                    new RedactStep(List.of("customer.email", "customer.name", "customer.phone"), List.of("customer.loyaltyId"), secret),
                    new TransformStep(Map.of(), Map.of(), List.of("cashier", "currency", "line"), List.of())), Optional.empty());
            StreamPipeline payments = new StreamPipeline("payments", List.of(
                    new RedactStep(List.of("card.pan", "card.expiry"), List.of(), null)), Optional.empty());
            StateStore store = StateStore.open(work.resolve("pipeline-state-" + name + "-" + (stores++)),
                    StateFamilies.all(Duration.ofDays(1)));
            open.add(store);
            memoryChangelog.clear();
            AggregateSpec spec = new AggregateSpec("telemetry", 60_000, 5_000, Optional.empty(),
                    List.of("celsius", "kwh", "voltage", "battery"), Set.of("count", "sum", "min", "max", "avg"),
                    "telemetry", "com.example.retail.reading.minute");
            StreamPipeline telemetry = new StreamPipeline("telemetry", List.of(), Optional.of(new Aggregator(spec,
                    new WindowStore(store, "telemetry", "_windows.telemetry", memoryChangelog), "store-042")));
            return Map.of("sales", sales, "payments", payments, "telemetry", telemetry);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, StreamPipeline> only(Map<String, StreamPipeline> all, String stream) {
        return Map.of(stream, all.get(stream));
    }

    private void closeStores() {
        open.forEach(StateStore::close);
        open.clear();
    }

    /** The changelog as the stage would have committed it, kept in memory. */
    private static final class MemoryChangelog implements dev.edgesync.edge.pipeline.aggregate.ChangelogSource {
        private final Map<Integer, List<StageRouting.Target>> log = new HashMap<>();

        void append(StageRouting.Target t) {
            log.computeIfAbsent(t.partition(), p -> new ArrayList<>()).add(t);
        }

        void clear() {
            log.clear();
        }

        @Override
        public void readAll(String topic, int partition, java.util.function.BiConsumer<byte[], byte[]> visitor) {
            log.getOrDefault(partition, List.of()).forEach(t -> visitor.accept(t.key(), t.value()));
        }
    }
}
