package dev.edgesync.edge.sync;

/**
 * Paces the uplink's rounds under the bandwidth cap: sizes a round from the measured compression (wire bytes per
 * record byte), charges the cap up front so the round pays while it runs, and corrects the charge with the
 * bytes the producers measured afterwards.
 */
final class RoundPacing {

    private final UplinkShared shared;
    private final int batchBytes;
    /** Wire bytes per scheduled record byte (compression), measured; starts pessimistic. */
    private double wirePerRecordByte = 1.0;

    RoundPacing(UplinkShared shared, int batchBytes) {
        this.shared = shared;
        this.batchBytes = batchBytes;
    }

    /** Record bytes the next round may take over {@code partitions} backlogged partitions. */
    long roundBytes(int partitions) {
        return DrainScheduler.roundBytes(shared.limiter().rate(), wirePerRecordByte, partitions, batchBytes);
    }

    /** Charges the cap with what {@code roundBytes} should cost on the wire; returns the charge. */
    long charge(long roundBytes) {
        long estimate = (long) (roundBytes * wirePerRecordByte);
        shared.limiter().record(estimate);
        return estimate;
    }

    /** The round put {@code wire} bytes on the wire for {@code recordBytes} of records; {@code estimate} was charged. */
    void settle(long estimate, long wire, long recordBytes) {
        shared.limiter().record(wire - estimate);
        shared.counters().wire(wire);
        if (recordBytes > 0) {
            // Smoothed: the round size under a cap aims at a quarter second of wire bytes.
            wirePerRecordByte = 0.8 * wirePerRecordByte + 0.2 * Math.min(2.0, (double) wire / recordBytes);
        }
    }
}
