package dev.edgesync.edge.buffer;

import dev.edgesync.edge.stream.Priority;
import dev.edgesync.edge.stream.StreamPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses what {@code drop-oldest} streams give up to free a number of bytes: the oldest unsent records of
 * bulk streams first, then normal, then critical (allowed only by explicit configuration); within a class the
 * partition holding the most unsent bytes first. Only records at or above each partition's unsent start are
 * taken, and only from the partitions it is given: other streams are never touched.
 */
public final class EvictionPlanner {

    private EvictionPlanner() {
    }

    /**
     * A partition that may give up data.
     *
     * @param from the first unsent offset (at or above the log start); records below it are sent already
     */
    public record Candidate(StreamPartition partition, Priority priority, long from, RecordRuns runs) {
        long unsentBytes() {
            return runs.bytes(from);
        }
    }

    /** Delete every record of {@code partition} below {@code beforeOffset}: {@code records} unsent events, about {@code bytes}. */
    public record Cut(StreamPartition partition, long from, long beforeOffset, long records, long bytes) {
    }

    public static List<Cut> plan(List<Candidate> candidates, long bytesToFree) {
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparing((Candidate c) -> -c.priority().ordinal())
                .thenComparing(Comparator.comparingLong(Candidate::unsentBytes).reversed())
                .thenComparing(Candidate::partition));
        List<Cut> cuts = new ArrayList<>();
        long remaining = bytesToFree;
        for (Candidate c : ordered) {
            if (remaining <= 0) {
                break;
            }
            long cut = c.runs().cutForBytes(c.from(), remaining);
            long records = c.runs().count(c.from()) - c.runs().count(cut);
            if (records <= 0) {
                continue;
            }
            long bytes = c.runs().bytes(c.from()) - c.runs().bytes(cut);
            cuts.add(new Cut(c.partition(), c.from(), cut, records, bytes));
            remaining -= bytes;
        }
        return cuts;
    }
}
