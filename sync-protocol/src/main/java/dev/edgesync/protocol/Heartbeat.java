package dev.edgesync.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a site still holds, sent by its edge periodically to the site's compacted
 * {@link TopicNames#heartbeats} topic, so the centre knows the backlog even while the data has not arrived.
 *
 * <p>Invariants:
 * <ol>
 *   <li>The key holds only the site id (so compaction keeps the latest heartbeat per site); key and value
 *       start with the protocol version.</li>
 *   <li>Counters ({@code sent}, {@code expired}, {@code dropped}) are totals kept by the edge; they only grow
 *       while the edge runs. Figures unknown to the edge are -1.</li>
 * </ol>
 *
 * @param timestampMs        when the edge took the figures (epoch ms)
 * @param linkState          the edge's link state: up, down, disabled or fenced
 * @param bufferUsedBytes    bytes of the edge's local log (raw + curated + dlq); -1 unknown
 * @param bufferMaxBytes     the edge's quota ({@code edge.buffer.max-bytes}); 0 = none
 * @param maxBytesPerSecond  the uplink's bandwidth cap; 0 = none
 * @param drainEtaSeconds    estimated seconds to send the whole backlog at the current rate; -1 unknown
 * @param streams            per stream, by name
 * @param clockSkewMs        the edge's clock minus the centre's, as the edge last measured it (tag 1);
 *                           {@link #UNKNOWN_SKEW} when not measured (and in heartbeats of older edges)
 * @param gaps               the edge's most recent loss ranges (at most {@link GapRange#MAX_PER_HEARTBEAT}), tag 2;
 *                           empty from edges that send none
 */
public record Heartbeat(String site, long timestampMs, String linkState, long bufferUsedBytes, long bufferMaxBytes,
                        long maxBytesPerSecond, long drainEtaSeconds, Map<String, StreamFigures> streams,
                        long clockSkewMs, java.util.List<GapRange> gaps) {

    /** {@link #clockSkewMs} of a heartbeat whose edge has no measurement; not written on the wire. */
    public static final long UNKNOWN_SKEW = Long.MIN_VALUE;
    private static final int TAG_CLOCK_SKEW = 1;

    /** A heartbeat without a clock skew measurement or gap ranges. */
    public Heartbeat(String site, long timestampMs, String linkState, long bufferUsedBytes, long bufferMaxBytes,
                     long maxBytesPerSecond, long drainEtaSeconds, Map<String, StreamFigures> streams) {
        this(site, timestampMs, linkState, bufferUsedBytes, bufferMaxBytes, maxBytesPerSecond, drainEtaSeconds, streams,
                UNKNOWN_SKEW, java.util.List.of());
    }

    /** A heartbeat without gap ranges. */
    public Heartbeat(String site, long timestampMs, String linkState, long bufferUsedBytes, long bufferMaxBytes,
                     long maxBytesPerSecond, long drainEtaSeconds, Map<String, StreamFigures> streams, long clockSkewMs) {
        this(site, timestampMs, linkState, bufferUsedBytes, bufferMaxBytes, maxBytesPerSecond, drainEtaSeconds, streams,
                clockSkewMs, java.util.List.of());
    }

    /** A heartbeat without a clock skew measurement. */
    public Heartbeat(String site, long timestampMs, String linkState, long bufferUsedBytes, long bufferMaxBytes,
                     long maxBytesPerSecond, long drainEtaSeconds, Map<String, StreamFigures> streams,
                     java.util.List<GapRange> gaps) {
        this(site, timestampMs, linkState, bufferUsedBytes, bufferMaxBytes, maxBytesPerSecond, drainEtaSeconds, streams,
                UNKNOWN_SKEW, gaps);
    }

    /** {@link #timestampMs} on the centre's clock as far as the edge knows it (its own clock without a measurement). */
    public long centreTimestampMs() {
        return clockSkewMs == UNKNOWN_SKEW ? timestampMs : timestampMs - clockSkewMs;
    }

    /**
     * @param priority       critical, normal or bulk
     * @param backlogEvents  events accepted at the edge and not yet committed at the centre
     * @param backlogBytes   their size at the edge (uncompressed key + value + headers)
     * @param oldestUnsentAgeMs age of the oldest unsent event; -1 when there is none
     * @param sentEvents     events committed at the centre by this edge (total)
     * @param expiredEvents  events not sent because older than the stream's max-age (total)
     * @param droppedEvents  events deleted unsent by the drop-oldest policy (total)
     */
    public record StreamFigures(String priority, long backlogEvents, long backlogBytes, long oldestUnsentAgeMs,
                                long sentEvents, long expiredEvents, long droppedEvents) {
    }

    public Heartbeat {
        TopicNames.requireId(site, "site");
        streams = Map.copyOf(new TreeMap<>(streams));
        streams.keySet().forEach(s -> TopicNames.requireId(s, "stream"));
        gaps = gaps == null ? java.util.List.of() : java.util.List.copyOf(gaps);
    }

    public byte[] encodeKey() {
        byte[] name = site.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + 2 + name.length).putShort(ProtocolVersion.CURRENT)
                .putShort((short) name.length).put(name).array();
    }

    /**
     * Fields added after the fixed layout, by tag (see {@link TaggedFields}): 1 = clock skew (8 bytes, only when
     * measured), 2 = gap ranges (only when there are some). A field added here must be optional: a centre reads
     * heartbeats of edges older and newer than itself.
     */
    private Map<Integer, byte[]> tags() {
        Map<Integer, byte[]> tags = new TreeMap<>();
        if (clockSkewMs != UNKNOWN_SKEW) {
            tags.put(TAG_CLOCK_SKEW, ByteBuffer.allocate(8).putLong(clockSkewMs).array());
        }
        if (!gaps.isEmpty()) {
            tags.put(GapRange.HEARTBEAT_TAG, GapRange.encode(gaps));
        }
        return tags;
    }

    public byte[] encodeValue() {
        Map<Integer, byte[]> tags = tags();
        int size = 2 + 8 + 2 + linkState.length() * 3 + 8 * 4 + 4 + TaggedFields.size(tags);
        for (Map.Entry<String, StreamFigures> e : new TreeMap<>(streams).entrySet()) {
            size += 2 + e.getKey().length() * 3 + 2 + e.getValue().priority().length() * 3 + 8 * 6;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(ProtocolVersion.CURRENT).putLong(timestampMs);
        ShortStrings.put(b, linkState);
        b.putLong(bufferUsedBytes).putLong(bufferMaxBytes).putLong(maxBytesPerSecond).putLong(drainEtaSeconds);
        b.putInt(streams.size());
        for (Map.Entry<String, StreamFigures> e : new TreeMap<>(streams).entrySet()) {
            StreamFigures f = e.getValue();
            ShortStrings.put(b, e.getKey());
            ShortStrings.put(b, f.priority());
            b.putLong(f.backlogEvents()).putLong(f.backlogBytes()).putLong(f.oldestUnsentAgeMs())
                    .putLong(f.sentEvents()).putLong(f.expiredEvents()).putLong(f.droppedEvents());
        }
        TaggedFields.write(b, tags);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Decodes a record of a heartbeat topic; throws {@link IllegalArgumentException} on anything malformed. */
    public static Heartbeat decode(byte[] key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("heartbeat record without key or value");
        }
        try {
            ByteBuffer k = ByteBuffer.wrap(key);
            requireVersion(k.getShort());
            String site = ShortStrings.get(k);
            ByteBuffer v = ByteBuffer.wrap(value);
            requireVersion(v.getShort());
            long ts = v.getLong();
            String link = ShortStrings.get(v);
            long used = v.getLong();
            long max = v.getLong();
            long cap = v.getLong();
            long eta = v.getLong();
            int n = v.getInt();
            if (n < 0 || n > 10_000) {
                throw new IllegalArgumentException("heartbeat with " + n + " streams");
            }
            Map<String, StreamFigures> streams = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = ShortStrings.get(v);
                String priority = ShortStrings.get(v);
                streams.put(name, new StreamFigures(priority, v.getLong(), v.getLong(), v.getLong(), v.getLong(),
                        v.getLong(), v.getLong()));
            }
            // Unknown tags (from newer edges) are skipped.
            Map<Integer, byte[]> tags = TaggedFields.read(v);
            byte[] skew = tags.get(TAG_CLOCK_SKEW);
            if (skew != null && skew.length != 8) {
                throw new IllegalArgumentException("clock skew field of " + skew.length + " bytes, not 8");
            }
            java.util.List<GapRange> gaps = tags.containsKey(GapRange.HEARTBEAT_TAG)
                    ? GapRange.decode(tags.get(GapRange.HEARTBEAT_TAG)) : java.util.List.of();
            return new Heartbeat(site, ts, link, used, max, cap, eta, streams,
                    skew == null ? UNKNOWN_SKEW : ByteBuffer.wrap(skew).getLong(), gaps);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated heartbeat record", e);
        }
    }

    private static void requireVersion(short version) {
        if (!ProtocolVersion.isSupported(version)) {
            throw new IllegalArgumentException("unsupported heartbeat protocol version " + version);
        }
    }
}
