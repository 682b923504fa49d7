package dev.edgesync.edge.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * The edge clock minus the centre's, measured on every heartbeat the centre acknowledges: the heartbeat topic is
 * stamped by the centre's broker on append (LogAppendTime), and that append happened between the send and the ack,
 * so {@code skew = (edge time half-way between them) - append time}, off by at most half the round trip.
 *
 * <p>A record is sent with the edge's time as its timestamp: an ack carrying that same timestamp means the topic
 * keeps the producer's time (CreateTime, e.g. made before this version) and nothing was measured.
 */
public final class ClockSkew {

    /**
     * One measurement.
     *
     * @param skewMs     edge clock minus centre clock; positive: the edge is ahead
     * @param accuracyMs the true skew lies within {@code skewMs ± accuracyMs} (half the send-to-ack time)
     * @param measuredAt when, on the edge's clock
     */
    public record Estimate(long skewMs, long accuracyMs, Instant measuredAt) {
    }

    private volatile Estimate latest;

    public Optional<Estimate> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * Records one acknowledged write.
     *
     * @param sentAtMs       the edge's wall clock when the record was sent (also the record's own timestamp)
     * @param roundTripNanos send to ack, on the monotonic clock (a wall clock step between them cannot distort it)
     * @param appendTimeMs   the timestamp the centre's ack carries
     * @return whether it was a measurement (false: the topic keeps the producer's time)
     */
    public boolean observe(long sentAtMs, long roundTripNanos, long appendTimeMs) {
        if (appendTimeMs == sentAtMs || appendTimeMs < 0) {
            return false;
        }
        long rttMs = Math.max(0, roundTripNanos / 1_000_000);
        long mid = sentAtMs + rttMs / 2;
        latest = new Estimate(mid - appendTimeMs, (rttMs + 1) / 2, Instant.ofEpochMilli(sentAtMs + rttMs));
        return true;
    }
}
