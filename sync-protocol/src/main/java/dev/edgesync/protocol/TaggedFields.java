package dev.edgesync.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Optional fields appended after a record's fixed layout as (tag, length, bytes), so a newer writer can add a
 * field without a protocol version bump: a reader skips tags it does not know, and a record written before the
 * trailer existed reads as having none.
 *
 * <p>Layout: {@code short count}, then per field {@code short tag, int length, byte[length]}, tags ascending.
 */
public final class TaggedFields {

    /** Most fields one record may carry; bounds what a malformed count can make a reader loop over. */
    static final int MAX_FIELDS = 64;

    private TaggedFields() {
    }

    /** Bytes {@link #write} needs for these fields. */
    public static int size(Map<Integer, byte[]> fields) {
        int size = 2;
        for (byte[] v : fields.values()) {
            size += 2 + 4 + v.length;
        }
        return size;
    }

    /** Writes the trailer; tags must be 0..32767. */
    public static void write(ByteBuffer b, Map<Integer, byte[]> fields) {
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(fields.size() + " tagged fields, at most " + MAX_FIELDS);
        }
        b.putShort((short) fields.size());
        for (Map.Entry<Integer, byte[]> e : new TreeMap<>(fields).entrySet()) {
            if (e.getKey() < 0 || e.getKey() > Short.MAX_VALUE) {
                throw new IllegalArgumentException("tag " + e.getKey() + " out of range");
            }
            b.putShort(e.getKey().shortValue()).putInt(e.getValue().length).put(e.getValue());
        }
    }

    /**
     * Reads the trailer at the buffer's position, or none if the record ends there; throws
     * {@link IllegalArgumentException} on a malformed trailer (never reads past the buffer).
     */
    public static SortedMap<Integer, byte[]> read(ByteBuffer b) {
        SortedMap<Integer, byte[]> fields = new TreeMap<>();
        if (!b.hasRemaining()) {
            return fields;
        }
        try {
            int count = b.getShort();
            if (count < 0 || count > MAX_FIELDS) {
                throw new IllegalArgumentException("record with " + count + " tagged fields");
            }
            for (int i = 0; i < count; i++) {
                int tag = b.getShort();
                int length = b.getInt();
                if (tag < 0 || length < 0 || length > b.remaining()) {
                    throw new IllegalArgumentException("tagged field " + tag + " of " + length + " bytes with "
                            + b.remaining() + " left");
                }
                byte[] v = new byte[length];
                b.get(v);
                if (fields.put(tag, v) != null) {
                    throw new IllegalArgumentException("tagged field " + tag + " twice");
                }
            }
            return fields;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated tagged fields", e);
        }
    }
}
