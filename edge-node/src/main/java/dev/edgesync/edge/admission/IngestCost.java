package dev.edgesync.edge.admission;

/**
 * The heap a request costs while its body is read, parsed and appended, in real bytes, from its body size.
 *
 * <p>Measured on a 1 MiB batch (G1, JDK 17; {@code IngestCostTest} keeps the worst shape under {@link #FACTOR}):
 * the JSON tree of the batch holds 2.1-2.7x the body for retail events, strings or numbers, and the parsed events
 * and their Kafka records another 1.4x and 0.7x, so 4.2-4.8x in all. A body made to be expensive, a valid batch
 * whose data are arrays of empty objects ({@code [{},{},...]}), holds 27x: every 3 bytes become an ObjectNode
 * and its map. On top of that the body is held twice while read (Vert.x' buffer, then the byte[] the resource
 * gets) and once more in the producer's buffer until the broker acks it: 3x. The factor covers the worst case,
 * since an attacker chooses the shape, plus a fixed cost per request (request, headers, routing, response).
 */
public final class IngestCost {

    /** Heap bytes per body byte, worst case measured (27x + 3 copies), rounded up. */
    public static final int FACTOR = 32;
    /** Heap bytes of a request beyond its body. */
    public static final long PER_REQUEST = 16 * 1024;

    private IngestCost() {
    }

    /** The reservation for a body of {@code bodyBytes}. */
    public static long of(long bodyBytes) {
        return PER_REQUEST + FACTOR * Math.max(0, bodyBytes);
    }

    /** The default budget: a quarter of the heap, the rest holding the broker, the state store and Quarkus. */
    public static long defaultBudget(long maxHeapBytes) {
        return maxHeapBytes / 4;
    }
}
