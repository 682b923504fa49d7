package dev.edgesync.edge.downlink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.edgesync.edge.downlink.DownlinkLedger.Outcome;
import dev.edgesync.edge.reference.ReferenceTables;
import dev.edgesync.edge.state.StateException;
import dev.edgesync.edge.state.StateStore;
import dev.edgesync.protocol.SyncHeaders;
import dev.edgesync.protocol.downlink.ConfigChange;
import dev.edgesync.protocol.downlink.ControlTopics;
import dev.edgesync.protocol.downlink.DownlinkMessage;
import dev.edgesync.protocol.downlink.ReferenceChange;
import dev.edgesync.protocol.downlink.RuntimeSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    private final int maxMessageBytes;

    /** @param maxMessageBytes larger values are rejected unread ({@code edge.downlink.max-message-bytes}) */
    public DownlinkApplier(StateStore store, RuntimeOverrides settings, DownlinkStatus status, String site, String region,
                           String cloud, int maxMessageBytes) {
        this.store = store;
        this.tables = new ReferenceTables(store);
        this.settings = settings;
        this.ledger = new DownlinkLedger(store);
        this.status = status;
        this.site = site;
        this.region = region;
        this.cloud = cloud;
        this.maxMessageBytes = maxMessageBytes;
    }

    public DownlinkLedger ledger() {
        return ledger;
    }

    /**
     * Applies {@code r} and records it. Whatever the message holds, it ends applied, ignored or rejected (with its
     * reason in status and metrics) and the position moves past it, so one bad message never blocks the ones after
     * it. Two exceptions, both leaving the position where it was: a message of a newer protocol throws
     * {@link DownlinkMessage.UnsupportedVersionException} (it must not be skipped), and a failing state store throws
     * {@link StateException} (the message is not at fault; the caller retries it).
     */
    public Outcome apply(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        String kind = ControlTopics.parse(r.topic()).map(a -> a.kind().wireName()).orElse(r.topic());
        String id = idOf(r);
        Effect effect;
        try {
            effect = decide(r);
        } catch (DownlinkMessage.UnsupportedVersionException | StateException e) {
            throw e;
        } catch (Rejected e) {
            effect = Effect.rejected(e.reason, e.getMessage());
        } catch (IOException e) {
            effect = Effect.rejected(RejectReason.MALFORMED, "payload is not what its kind expects: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.errorf(e, "Downlink message %s at %s offset %d could not be applied", id, tp, r.offset());
            effect = Effect.rejected(RejectReason.FAILED, "could not be applied: " + e);
        }
        effect = commit(effect, tp, r.offset(), kind);
        try {
            effect.afterCommit().run();
        } catch (RuntimeException e) {
            // Recorded as applied and kept in the state store; it takes effect in this process at the next restart.
            LOG.errorf(e, "Downlink message %s: applied but could not take effect until a restart", id);
            status.error("message " + id + " applied but could not take effect until a restart: " + e);
        }
        status.recorded(kind, effect.outcome(), id);
        if (effect.outcome() == Outcome.REJECTED) {
            LOG.warnf("Downlink message %s at %s offset %d rejected (%s): %s", id, tp, r.offset(),
                    effect.reason().wireName(), effect.detail());
            status.rejected(new Rejection(id, kind, tp.topic(), tp.partition(), r.offset(), effect.reason(),
                    effect.detail(), Instant.now()));
        }
        return effect.outcome();
    }

    /** What {@code r} does on this edge, before anything is written. */
    private Effect decide(ConsumerRecord<byte[], byte[]> r) throws IOException {
        if (r.value() != null && r.value().length > maxMessageBytes) {
            throw new Rejected(RejectReason.OVERSIZED, "value of " + r.value().length + " bytes is larger than"
                    + " edge.downlink.max-message-bytes=" + maxMessageBytes);
        }
        DownlinkMessage m;
        try {
            m = DownlinkMessage.decode(r.topic(), r.headers(), r.value());
        } catch (DownlinkMessage.UnsupportedVersionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new Rejected(RejectReason.MALFORMED, e.getMessage());
        }
        return m.to().matches(site, region, cloud) ? effect(m) : Effect.IGNORED;
    }

    /**
     * Writes the effect, the position and the count in one batch. If staging the effect throws (other than the store
     * failing), the message is recorded as rejected instead, with nothing of its effect.
     */
    private Effect commit(Effect effect, TopicPartition tp, long offset, String kind) {
        Effect done = effect;
        try (StateStore.Batch b = store.newBatch()) {
            try {
                effect.stage().accept(b);
            } catch (StateException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                LOG.errorf(e, "Downlink effect at %s offset %d could not be staged", tp, offset);
                done = Effect.rejected(RejectReason.FAILED, "could not be applied: " + e);
            }
            if (done == effect) {
                ledger.record(b, tp, offset, kind, done.outcome());
                store.write(b);
                return done;
            }
        }
        try (StateStore.Batch b = store.newBatch()) {
            ledger.record(b, tp, offset, kind, done.outcome());
            store.write(b);
        }
        return done;
    }

    private static String idOf(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(SyncHeaders.CE_ID);
        if (h == null || h.value() == null) {
            return "?";
        }
        String id = new String(h.value(), StandardCharsets.UTF_8);
        return id.length() > 100 ? id.substring(0, 100) + "..." : id;
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
            throw new Rejected(RejectReason.INVALID, String.join("; ", problems));
        }
        Consumer<StateStore.Batch> stage = switch (c.op()) {
            case ReferenceChange.UPSERT -> b -> c.rows().forEach((k, row) -> tables.put(b, c.table(), k, tree(row)));
            case ReferenceChange.DELETE -> b -> c.keys().forEach(k -> tables.delete(b, c.table(), k));
            default -> b -> tables.replace(b, c.table(), rows(c.rows()));
        };
        LOG.debugf("Downlink message %s: %s on reference table %s (%d rows, %d keys)", m.id(), c.op(), c.table(),
                c.rows().size(), c.keys().size());
        return Effect.applied(stage, () -> { });
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
            Optional<String> outOfBounds = v.flatMap(x -> settings.refusal(key, x));
            if (outOfBounds.isPresent()) {
                refused.add(outOfBounds.get());
                return;
            }
            stages.add(b -> settings.stage(b, key, v, m.id()));
            activations.add(() -> settings.activate(key, v));
        });
        if (!refused.isEmpty()) {
            // The centre refuses these; one that arrives anyway (another writer, an older edge) must not stop the rest.
            LOG.warnf("Downlink message %s: settings not applied: %s", m.id(), refused);
            status.refusedSettings(refused.size());
        }
        if (stages.isEmpty()) {
            throw new Rejected(RejectReason.INVALID, "no applicable setting: " + String.join("; ", refused));
        }
        return Effect.applied(b -> stages.forEach(s -> s.accept(b)), () -> {
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

    /**
     * What a message does: writes staged into the batch, then in-memory changes once the batch is durable; for a
     * rejected one, why.
     */
    private record Effect(Outcome outcome, Consumer<StateStore.Batch> stage, Runnable afterCommit, RejectReason reason,
                          String detail) {
        static final Effect IGNORED = new Effect(Outcome.IGNORED, b -> { }, () -> { }, null, null);

        static Effect applied(Consumer<StateStore.Batch> stage, Runnable afterCommit) {
            return new Effect(Outcome.APPLIED, stage, afterCommit, null, null);
        }

        static Effect rejected(RejectReason reason, String detail) {
            return new Effect(Outcome.REJECTED, b -> { }, () -> { }, reason, detail);
        }
    }

    /** A message this edge refuses, and why. */
    private static final class Rejected extends RuntimeException {
        final RejectReason reason;

        Rejected(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
