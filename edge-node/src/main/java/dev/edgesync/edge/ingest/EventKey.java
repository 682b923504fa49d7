package dev.edgesync.edge.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;

/**
 * What ingest is idempotent on: the CloudEvents (source, id) pair, within one stream (the same event
 * posted to two streams is appended to each).
 */
public record EventKey(String stream, String source, String id) implements Comparable<EventKey> {

    private static final Comparator<EventKey> ORDER = Comparator.comparing(EventKey::stream)
            .thenComparing(EventKey::source).thenComparing(EventKey::id);

    public EventKey {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }

    public static EventKey of(String stream, CloudEvent e) {
        return new EventKey(stream, e.source(), e.id());
    }

    /**
     * Unambiguous key bytes: {@code stream 0x00 len(source):int32 source id}. Stream names have no NUL
     * byte, and the length prefix keeps ("a","bc") apart from ("ab","c").
     */
    public byte[] bytes() {
        byte[] st = stream.getBytes(StandardCharsets.UTF_8);
        byte[] so = source.getBytes(StandardCharsets.UTF_8);
        byte[] i = id.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(st.length + 1 + 4 + so.length + i.length)
                .put(st).put((byte) 0).putInt(so.length).put(so).put(i).array();
    }

    /** The prefix every key of {@code stream} starts with. */
    public static byte[] streamPrefix(String stream) {
        byte[] st = stream.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(st.length + 1).put(st).put((byte) 0).array();
    }

    @Override
    public int compareTo(EventKey o) {
        return ORDER.compare(this, o);
    }
}
