package dev.edgesync.edge.downlink;

import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the downlink has done, in the state store: per control partition the next offset to apply, and per
 * (kind, outcome) how many messages. Both are added to the same batch as a message's effect, so after any crash
 * the position says exactly which messages took effect (DESIGN §4.5: RocksDB holds the sync cursors).
 */
public final class DownlinkLedger {

    private static final String POSITION = "position/";
    private static final String COUNT = "count/";
    private static final String TOPIC_ID = "topic-id/";

    private final StateStore store;

    public DownlinkLedger(StateStore store) {
        this.store = store;
    }

    /** Next offset to apply in {@code tp}; empty when nothing of it was ever applied. */
    public OptionalLong position(TopicPartition tp) {
        byte[] v = store.get(StateFamilies.DOWNLINK, positionKey(tp));
        return v == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(v).getLong());
    }

    /**
     * Checks that the positions of {@code topic} belong to the topic with this id. True if they do (or there are none
     * yet: the id is remembered); false if the topic was recreated at the centre since: its positions are dropped,
     * as they count in a log that no longer exists.
     */
    public boolean sameTopic(String topic, Uuid id) {
        byte[] key = (TOPIC_ID + topic).getBytes(StandardCharsets.UTF_8);
        byte[] known = store.get(StateFamilies.DOWNLINK, key);
        byte[] current = id.toString().getBytes(StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(known, current)) {
            return true;
        }
        try (StateStore.Batch b = store.newBatch()) {
            store.scan(StateFamilies.DOWNLINK, (POSITION + topic + "/").getBytes(StandardCharsets.UTF_8),
                    (k, v) -> b.delete(StateFamilies.DOWNLINK, k));
            b.put(StateFamilies.DOWNLINK, key, current);
            store.write(b);
        }
        return known == null;
    }

    /** Messages of {@code kind} that ended with {@code outcome}, over the life of this state store. */
    public long count(String kind, Outcome outcome) {
        byte[] v = store.get(StateFamilies.DOWNLINK, countKey(kind, outcome));
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** Every count, by kind then outcome. */
    public Map<String, Map<Outcome, Long>> counts() {
        Map<String, Map<Outcome, Long>> out = new HashMap<>();
        byte[] prefix = COUNT.getBytes(StandardCharsets.UTF_8);
        store.scan(StateFamilies.DOWNLINK, prefix, (k, v) -> {
            String[] parts = new String(k, StandardCharsets.UTF_8).substring(COUNT.length()).split("/", 2);
            Outcome.parse(parts[1]).ifPresent(o ->
                    out.computeIfAbsent(parts[0], x -> new HashMap<>()).put(o, ByteBuffer.wrap(v).getLong()));
        });
        return out;
    }

    /**
     * Adds to {@code batch}: {@code tp} is done up to {@code offset} (inclusive) and one more message of
     * {@code kind} ended with {@code outcome}.
     */
    public void record(StateStore.Batch batch, TopicPartition tp, long offset, String kind, Outcome outcome) {
        batch.put(StateFamilies.DOWNLINK, positionKey(tp), longBytes(offset + 1));
        batch.put(StateFamilies.DOWNLINK, countKey(kind, outcome), longBytes(count(kind, outcome) + 1));
    }

    private static byte[] positionKey(TopicPartition tp) {
        return (POSITION + tp.topic() + "/" + tp.partition()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] countKey(String kind, Outcome outcome) {
        return (COUNT + kind + "/" + outcome.wireName()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** How a message ended on this edge. */
    public enum Outcome {
        /** Addressed to this edge and applied. */
        APPLIED,
        /** Addressed to other edges: only the position moved. */
        IGNORED,
        /** Malformed or not applicable (bad payload, not runtime-safe): logged, position moved. */
        REJECTED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static java.util.Optional<Outcome> parse(String s) {
            return java.util.Arrays.stream(values()).filter(o -> o.wireName().equals(s)).findFirst();
        }
    }
}
