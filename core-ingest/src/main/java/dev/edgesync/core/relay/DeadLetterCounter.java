package dev.edgesync.core.relay;

/** Told, after each committed relay batch, how many records of a site went to the DLQ and why; feeds a metric. */
@FunctionalInterface
public interface DeadLetterCounter {

    DeadLetterCounter NONE = (site, reasonCode, n) -> { };

    /**
     * @param site       the landing topic's site, {@code unknown} if the topic names none
     * @param reasonCode the reason's code, e.g. {@code region-mismatch}
     */
    void count(String site, String reasonCode, long n);
}
