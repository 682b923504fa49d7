package dev.edgesync.edge.buffer;

/**
 * The free-space floor's decisions from one sample of the data dir's filesystem: plain arithmetic, no I/O.
 * Immutable, so thread-safe.
 *
 * <p>The floor is {@code max(min-free-bytes, min-free-percent of the filesystem)}. Ingest refuses while the free
 * space, less what may still be written by requests in flight or accepted since the sample, is under it; the
 * room the floor leaves is what the pipeline, the uplink's offsets, the broker's metadata and RocksDB still
 * write while ingest refuses, so the broker never meets a full disk (it halts on one). Under the floor the dlq is
 * evicted first; under half of it the reserve file is given up.
 */
public final class DiskFloor {

    /** One reading of the filesystem: bytes this process may still write, and its size. */
    public record Sample(long usableBytes, long totalBytes) {
    }

    private final long minFreeBytes;
    private final double minFreePercent;

    public DiskFloor(long minFreeBytes, double minFreePercent) {
        this.minFreeBytes = minFreeBytes;
        this.minFreePercent = minFreePercent;
    }

    /** The floor on a filesystem of {@code totalBytes}. */
    public long floor(long totalBytes) {
        return Math.max(minFreeBytes, (long) Math.ceil(totalBytes * minFreePercent / 100.0));
    }

    /** Ingest must refuse: what is free less {@code pendingBytes} (in flight, accepted since the sample) is under the floor. */
    public boolean refuses(Sample s, long pendingBytes) {
        return s.usableBytes() - Math.max(0, pendingBytes) < floor(s.totalBytes());
    }

    /**
     * Back over the floor by a sixteenth of it: ingest, refused since a sample under the floor, accepts again. The
     * margin keeps a box at its floor from answering 202 and 507 by turns at every sample.
     */
    public boolean resumes(Sample s) {
        long floor = floor(s.totalBytes());
        return s.usableBytes() >= floor + floor / 16;
    }

    /** Space is short: the dlq gives up its oldest records. */
    public boolean isShort(Sample s) {
        return s.usableBytes() < floor(s.totalBytes());
    }

    /** Space is critical (something wrote past the floor): the reserve file is deleted to give the broker room. */
    public boolean critical(Sample s) {
        return s.usableBytes() < floor(s.totalBytes()) / 2;
    }

    /**
     * A reserve of {@code reserveBytes} may be written now: it leaves at least the floor plus the reserve again
     * free, so writing it never makes ingest refuse and a little ingest does not make it go again.
     */
    public boolean mayKeepReserve(Sample s, long reserveBytes) {
        return reserveBytes > 0 && s.usableBytes() - reserveBytes >= floor(s.totalBytes()) + reserveBytes;
    }
}
