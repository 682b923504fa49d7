package dev.edgesync.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Offsets of one curated partition at an edge whose records will never reach the centre, and why: what makes a
 * loss visible instead of silent. Sent in heartbeats (tag {@link #HEARTBEAT_TAG}).
 *
 * @param stream     the stream
 * @param partition  its partition (the same number locally and at the centre)
 * @param fromOffset first edge (curated) offset of the range, inclusive
 * @param toOffset   end of the range, exclusive
 * @param cause      {@code expired} (older than the stream's max-age), {@code dropped} (deleted by drop-oldest) or
 *                   {@code corrupt} (a damaged batch of the local log)
 * @param count      events lost: records for expired and dropped; offsets of the range for corrupt (unreadable
 *                   records cannot be counted, and the range may include transaction markers)
 */
public record GapRange(String stream, int partition, long fromOffset, long toOffset, String cause, long count) {

    /** The heartbeat's tagged field that carries its gaps. */
    public static final int HEARTBEAT_TAG = 2;
    public static final String EXPIRED = "expired";
    public static final String DROPPED = "dropped";
    public static final String CORRUPT = "corrupt";
    public static final Set<String> CAUSES = Set.of(EXPIRED, DROPPED, CORRUPT);
    /** Most ranges one heartbeat carries: the edge sends its most recent ones. */
    public static final int MAX_PER_HEARTBEAT = 64;

    public GapRange {
        TopicNames.requireId(stream, "stream");
        if (partition < 0 || fromOffset < 0 || toOffset <= fromOffset || count < 0) {
            throw new IllegalArgumentException("gap range " + stream + "/" + partition + " [" + fromOffset + ", "
                    + toOffset + ") count " + count);
        }
        if (!CAUSES.contains(cause)) {
            throw new IllegalArgumentException("gap cause " + cause + ", expected one of " + CAUSES);
        }
    }

    /** Offsets the range covers. */
    public long offsets() {
        return toOffset - fromOffset;
    }

    /** The bytes of a list of ranges (at most {@link #MAX_PER_HEARTBEAT}). */
    static byte[] encode(List<GapRange> gaps) {
        if (gaps.size() > MAX_PER_HEARTBEAT) {
            throw new IllegalArgumentException(gaps.size() + " gap ranges, at most " + MAX_PER_HEARTBEAT);
        }
        int size = 4;
        for (GapRange g : gaps) {
            size += 2 + g.stream.length() * 3 + 4 + 8 + 8 + 2 + g.cause.length() * 3 + 8;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(gaps.size());
        for (GapRange g : gaps) {
            ShortStrings.put(b, g.stream);
            b.putInt(g.partition).putLong(g.fromOffset).putLong(g.toOffset);
            ShortStrings.put(b, g.cause);
            b.putLong(g.count);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Reads what {@link #encode} wrote; throws {@link IllegalArgumentException} if malformed. */
    static List<GapRange> decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int n = b.getInt();
            if (n < 0 || n > MAX_PER_HEARTBEAT) {
                throw new IllegalArgumentException(n + " gap ranges");
            }
            List<GapRange> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String stream = ShortStrings.get(b);
                int partition = b.getInt();
                long from = b.getLong();
                long to = b.getLong();
                String cause = ShortStrings.get(b);
                out.add(new GapRange(stream, partition, from, to, cause, b.getLong()));
            }
            return List.copyOf(out);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated gap ranges", e);
        }
    }
}
