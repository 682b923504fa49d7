package dev.edgesync.edge.downlink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.edgesync.edge.downlink.DownlinkLedger.Outcome;
import dev.edgesync.edge.reference.ReferenceTables;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.protocol.downlink.ConfigChange;
import dev.edgesync.protocol.downlink.ControlTopics;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import dev.edgesync.protocol.downlink.ReferenceChange;
import dev.edgesync.protocol.downlink.RuntimeSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies one downlink record to this edge's state: a message addressed to it takes effect, any other only moves
 * the position. Effect, position and counts go into one atomic batch, so a crash leaves either all of a message
 * or none of it, and a restart resumes right after the last one applied: exactly once, in order per partition.
 * Single-threaded: one applier per edge.
 */
public final class DownlinkApplier {

    private static final Logger LOG = Logger.getLogger(DownlinkApplier.class);
    // Decimals are not rounded through a double on the way in; fields a newer centre adds are ignored.
    static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final StateStore store;
    private final ReferenceTables tables;
    private final RuntimeOverrides settings;
    private final DownlinkLedger ledger;
    private final DownlinkStatus status;
    private final String site;
    private final String region;
    private final String cloud;

    public DownlinkApplier(StateStore store, RuntimeOverrides settings, DownlinkStatus status, String site, String region,
                           String cloud) {
        this.store = store;
        this.tables = new ReferenceTables(store);
        this.settings = settings;
        this.ledger = new DownlinkLedger(store);
        this.status = status;
        this.site = site;
        this.region = region;
        this.cloud = cloud;
    }

    public DownlinkLedger ledger() {
        return ledger;
    }

    /**
     * Applies {@code r} and records it; throws {@link DownlinkMessage.UnsupportedVersionException} without writing
     * anything for a message of a newer protocol (it must not be skipped).
     */
    public Outcome apply(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        String kind = ControlTopics.parse(r.topic()).map(a -> a.kind().wireName()).orElse(r.topic());
        Effect effect;
        String id = "?";
        try {
            DownlinkMessage m = DownlinkMessage.decode(r.topic(), r.headers(), r.value());
            id = m.id();
            effect = m.to().matches(site, region, cloud) ? effect(m) : Effect.IGNORED;
        } catch (DownlinkMessage.UnsupportedVersionException e) {
            throw e;
        } catch (IllegalArgumentException | IOException e) {
            LOG.warnf("Downlink message %s at %s offset %d rejected: %s", id, tp, r.offset(), e.getMessage());
            effect = Effect.REJECTED;
        }
        try (StateStore.Batch b = store.newBatch()) {
            effect.stage().accept(b);
            ledger.record(b, tp, r.offset(), kind, effect.outcome());
            store.write(b);
        }
        effect.afterCommit().run();
        status.recorded(kind, effect.outcome(), id);
        return effect.outcome();
    }

    private Effect effect(DownlinkMessage m) throws IOException {
        return switch (m.kind()) {
            case REFERENCE -> reference(m);
            case CONFIG -> config(m);
        };
    }

    private Effect reference(DownlinkMessage m) throws IOException {
        ReferenceChange c = JSON.readValue(m.payload(), ReferenceChange.class);
        List<String> problems = c.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Consumer<StateStore.Batch> stage = switch (c.op()) {
            case ReferenceChange.UPSERT -> b -> c.rows().forEach((k, row) -> tables.put(b, c.table(), k, tree(row)));
            case ReferenceChange.DELETE -> b -> c.keys().forEach(k -> tables.delete(b, c.table(), k));
            default -> b -> tables.replace(b, c.table(), rows(c.rows()));
        };
        LOG.debugf("Downlink message %s: %s on reference table %s (%d rows, %d keys)", m.id(), c.op(), c.table(),
                c.rows().size(), c.keys().size());
        return new Effect(Outcome.APPLIED, stage, () -> { });
    }

    private Effect config(DownlinkMessage m) throws IOException {
        ConfigChange c = JSON.readValue(m.payload(), ConfigChange.class);
        List<Consumer<StateStore.Batch>> stages = new ArrayList<>();
        List<Runnable> activations = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        c.set().forEach((key, value) -> {
            RuntimeSettings.Result checked = RuntimeSettings.check(key, value);
            if (checked.problem().isPresent() || !settings.knows(key)) {
                refused.add(checked.problem().orElse(key + " is not runtime-safe on this edge"));
                return;
            }
            Optional<String> v = checked.value();
            stages.add(b -> settings.stage(b, key, v, m.id()));
            activations.add(() -> settings.activate(key, v));
        });
        if (!refused.isEmpty()) {
            // The centre refuses these; one that arrives anyway (another writer, an older edge) must not stop the rest.
            LOG.warnf("Downlink message %s: settings not applied: %s", m.id(), refused);
            status.refusedSettings(refused.size());
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no applicable setting in " + c.set().keySet());
        }
        return new Effect(Outcome.APPLIED, b -> stages.forEach(s -> s.accept(b)), () -> {
            activations.forEach(Runnable::run);
            LOG.infof("Downlink message %s: settings %s applied", m.id(), c.set());
        });
    }

    private static JsonNode tree(Object row) {
        return JSON.valueToTree(row);
    }

    private static List<ReferenceTables.Row> rows(Map<String, Object> rows) {
        List<ReferenceTables.Row> out = new ArrayList<>();
        rows.forEach((k, v) -> out.add(new ReferenceTables.Row(k, tree(v))));
        return out;
    }

    /** What a message does: writes staged into the batch, then in-memory changes once the batch is durable. */
    private record Effect(Outcome outcome, Consumer<StateStore.Batch> stage, Runnable afterCommit) {
        static final Effect IGNORED = new Effect(Outcome.IGNORED, b -> { }, () -> { });
        static final Effect REJECTED = new Effect(Outcome.REJECTED, b -> { }, () -> { });
    }
}
