package dev.edgesync.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** UTF-8 strings with a 2-byte length prefix, as the heartbeat and gap-range layouts write them. */
final class ShortStrings {

    private ShortStrings() {
    }

    static void put(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length).put(bytes);
    }

    /** Throws BufferUnderflowException or NegativeArraySizeException on a malformed prefix; callers map both. */
    static String get(ByteBuffer b) {
        byte[] bytes = new byte[b.getShort()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
