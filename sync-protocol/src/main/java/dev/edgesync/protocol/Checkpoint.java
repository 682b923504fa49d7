package dev.edgesync.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The uplink's resume point for one edge partition, committed in the same Kafka transaction as the
 * records it covers and kept in the site's compacted {@link TopicNames#checkpoints} topic.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every curated record of ({@code stream}, {@code partition}) below {@code nextEdgeOffset} is
 *       in {@code landing.<site>.<stream>} partition {@code partition}, below {@code nextCoreOffset};
 *       none at or above it is.</li>
 *   <li>The pair ({@code nextEdgeOffset}, {@code nextCoreOffset}) is an exact offset mapping: a
 *       consumer positioned at {@code nextEdgeOffset} on the edge belongs at {@code nextCoreOffset}
 *       at the centre.</li>
 *   <li>The key holds the identity (so compaction keeps the latest per partition); the value starts
 *       with the protocol version.</li>
 *   <li>{@code logId}, when present, names the edge log the edge offsets belong to (the Kafka topic id of the
 *       edge's curated topic): a replaced box or a wiped data directory starts a new log whose offsets mean
 *       nothing against an older checkpoint. It is appended after the fixed fields, so a reader that does not
 *       know it ignores it, and a record without it decodes with an empty {@code logId}.</li>
 * </ol>
 */
public record Checkpoint(String stream, int partition, long nextEdgeOffset, long nextCoreOffset, long timestampMs,
                         Optional<UUID> logId) {

    public Checkpoint {
        TopicNames.requireId(stream, "stream");
        if (partition < 0 || nextEdgeOffset < 0 || nextCoreOffset < 0) {
            throw new IllegalArgumentException("negative partition or offset in checkpoint " + stream + "/" + partition);
        }
        java.util.Objects.requireNonNull(logId, "logId");
    }

    /** A checkpoint that does not name its edge log (as written before the log id existed). */
    public Checkpoint(String stream, int partition, long nextEdgeOffset, long nextCoreOffset, long timestampMs) {
        this(stream, partition, nextEdgeOffset, nextCoreOffset, timestampMs, Optional.empty());
    }

    public byte[] encodeKey() {
        return encodeKey(stream, partition);
    }

    public static byte[] encodeKey(String stream, int partition) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + 2 + name.length + 4)
                .putShort(ProtocolVersion.CURRENT)
                .putShort((short) name.length).put(name)
                .putInt(partition)
                .array();
    }

    public byte[] encodeValue() {
        ByteBuffer b = ByteBuffer.allocate(2 + 8 + 8 + 8 + (logId.isPresent() ? 16 : 0))
                .putShort(ProtocolVersion.CURRENT)
                .putLong(nextEdgeOffset)
                .putLong(nextCoreOffset)
                .putLong(timestampMs);
        logId.ifPresent(id -> b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()));
        return b.array();
    }

    /** Decodes a record of the checkpoint topic; throws {@link IllegalArgumentException} on anything malformed. */
    public static Checkpoint decode(byte[] key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("checkpoint record without key or value");
        }
        try {
            ByteBuffer k = ByteBuffer.wrap(key);
            requireVersion(k.getShort());
            byte[] name = new byte[k.getShort()];
            k.get(name);
            int partition = k.getInt();
            ByteBuffer v = ByteBuffer.wrap(value);
            requireVersion(v.getShort());
            long nextEdge = v.getLong();
            long nextCore = v.getLong();
            long ts = v.getLong();
            Optional<UUID> logId = v.remaining() >= 16 ? Optional.of(new UUID(v.getLong(), v.getLong())) : Optional.empty();
            return new Checkpoint(new String(name, StandardCharsets.UTF_8), partition, nextEdge, nextCore, ts, logId);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated checkpoint record", e);
        }
    }

    private static void requireVersion(short version) {
        if (!ProtocolVersion.isSupported(version)) {
            throw new IllegalArgumentException("unsupported checkpoint protocol version " + version);
        }
    }
}
