package dev.edgesync.protocol;

/** The version of the edge-core wire contract, carried on every landed record and in front of every encoded value. */
public final class ProtocolVersion {

    /** Version written by this code. */
    public static final short CURRENT = 1;

    private ProtocolVersion() {
    }

    /** True if a reader of this code can decode data written with {@code version}. */
    public static boolean isSupported(int version) {
        return version >= 1 && version <= CURRENT;
    }
}
