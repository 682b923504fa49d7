package dev.edgesync.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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
 * </ol>
 */
public record Checkpoint(String stream, int partition, long nextEdgeOffset, long nextCoreOffset, long timestampMs) {

    public Checkpoint {
        TopicNames.requireId(stream, "stream");
        if (partition < 0 || nextEdgeOffset < 0 || nextCoreOffset < 0) {
            throw new IllegalArgumentException("negative partition or offset in checkpoint " + stream + "/" + partition);
        }
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
        return ByteBuffer.allocate(2 + 8 + 8 + 8)
                .putShort(ProtocolVersion.CURRENT)
                .putLong(nextEdgeOffset)
                .putLong(nextCoreOffset)
                .putLong(timestampMs)
                .array();
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
            return new Checkpoint(new String(name, StandardCharsets.UTF_8), partition, v.getLong(), v.getLong(), v.getLong());
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
