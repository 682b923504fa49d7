package dev.edgesync.edge.buffer;

import dev.edgesync.edge.stream.StreamPartition;

import java.util.OptionalLong;

/**
 * What the buffer learns from whoever ships its data to the centre (the uplink provides it): how far each
 * curated partition is committed there, and how fast it is sent. The buffer never calls the uplink itself.
 */
public interface Shipping {

    /** Nothing shipped, nothing known: the uplink is disabled or not started yet. */
    Shipping NONE = new Shipping() {
        @Override
        public long committed(StreamPartition sp) {
            return -1;
        }

        @Override
        public OptionalLong shipped(StreamPartition sp) {
            return OptionalLong.empty();
        }

        @Override
        public double bytesPerSecond() {
            return 0;
        }
    };

    /** Next edge offset of the last checkpoint committed at the centre; -1 while unknown. */
    long committed(StreamPartition sp);

    /**
     * Every curated record below this offset is committed at the centre (like {@link #committed}, but also past
     * trailing transaction markers); empty while unknown.
     */
    OptionalLong shipped(StreamPartition sp);

    /** Record bytes per second committed at the centre recently, over all streams. */
    double bytesPerSecond();
}
