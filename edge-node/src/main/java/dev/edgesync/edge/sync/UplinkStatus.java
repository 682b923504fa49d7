package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;
import dev.edgesync.edge.stream.LinkState;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live state of the uplink for status pages and metrics: written by the uplink thread, read by anyone.
 */
public final class UplinkStatus {

    /**
     * Progress of one partition.
     *
     * @param committedNextEdgeOffset next edge offset of the last checkpoint committed at the centre (-1: unknown)
     * @param committedNextCoreOffset matching next offset in the landing partition (-1: unknown)
     * @param shippedPosition every curated record below this edge offset is committed at the centre; unlike the
     *                        checkpoint it also moves past transaction markers of the curated log (-1: unknown)
     * @param lastSyncAt time of the last commit that shipped records of this partition (null: none yet)
     */
    public record PartitionProgress(long committedNextEdgeOffset, long committedNextCoreOffset, long shippedPosition,
                                    Instant lastSyncAt) {
        static final PartitionProgress UNKNOWN = new PartitionProgress(-1, -1, -1, null);

        public OptionalLong shipped() {
            return shippedPosition < 0 ? OptionalLong.empty() : OptionalLong.of(shippedPosition);
        }
    }

    private volatile LinkState state;
    private volatile Instant lastSyncAt;
    private volatile String lastError;
    private final java.util.concurrent.atomic.AtomicLong connectAttempts = new java.util.concurrent.atomic.AtomicLong();
    private final String coreBootstrapServers;
    private final Map<StreamPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();
    private final ClockSkew clockSkew = new ClockSkew();

    public UplinkStatus(LinkState initial, String coreBootstrapServers) {
        this.state = initial;
        this.coreBootstrapServers = coreBootstrapServers;
    }

    public static UplinkStatus disabled() {
        return new UplinkStatus(LinkState.DISABLED, null);
    }

    public LinkState state() {
        return state;
    }

    public Optional<Instant> lastSyncAt() {
        return Optional.ofNullable(lastSyncAt);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Optional<String> coreBootstrapServers() {
        return Optional.ofNullable(coreBootstrapServers);
    }

    public PartitionProgress progress(StreamPartition sp) {
        return partitions.getOrDefault(sp, PartitionProgress.UNKNOWN);
    }

    public Map<StreamPartition, PartitionProgress> partitions() {
        return Map.copyOf(partitions);
    }

    /** The edge clock against the centre's, as the last acknowledged heartbeat measured it (kept across sessions). */
    public ClockSkew clockSkew() {
        return clockSkew;
    }

    /** How many times the uplink tried to connect (a session per attempt). */
    public long connectAttempts() {
        return connectAttempts.get();
    }

    void attempt() {
        connectAttempts.incrementAndGet();
    }

    void up() {
        state = LinkState.UP;
    }

    void down(String error) {
        state = LinkState.DOWN;
        lastError = error;
    }

    void fenced(String error) {
        state = LinkState.FENCED;
        lastError = error;
    }

    /** The centre's view at (re)connect: every record below {@code next} is committed there. */
    void resumed(StreamPartition sp, long next, long nextCore) {
        partitions.compute(sp, (k, old) -> new PartitionProgress(next, nextCore, next,
                old == null ? null : old.lastSyncAt()));
    }

    void committed(StreamPartition sp, long nextEdge, long nextCore, Instant at) {
        partitions.put(sp, new PartitionProgress(nextEdge, nextCore, nextEdge, at));
        lastSyncAt = at;
    }

    /** The local position moved past transaction markers only: nothing more to ship below it. */
    void skippedTo(StreamPartition sp, long position) {
        partitions.computeIfPresent(sp, (k, old) -> position > old.shippedPosition()
                ? new PartitionProgress(old.committedNextEdgeOffset(), old.committedNextCoreOffset(), position, old.lastSyncAt())
                : old);
    }
}
