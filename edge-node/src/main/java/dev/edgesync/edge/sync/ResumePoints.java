package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Decides where shipping of one partition resumes, from what the centre says and what the edge still holds.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>A checkpoint written for another edge log ({@code logId}: the curated topic's id, new when a box is
 *       replaced or its data directory wiped) says nothing about this log's offsets: everything this log holds
 *       is unsent, resume at its start. Trusting the old offsets would skip this log's first records once it
 *       grew past them.</li>
 *   <li>The centre is the only resume point: {@code max(checkpoint.nextEdgeOffset, tail edge_offset + 1)}
 *       (0 when it knows nothing). Both come from committed data, so they agree unless the checkpoint topic
 *       lost a record; the larger one never ships a record twice.</li>
 *   <li>Below the local log start the data is gone (freed or evicted): resume at the log start; the gap is
 *       reported.</li>
 *   <li>Above the local log end the edge holds less than the centre already has (local data reset, or another
 *       box with this identity): an error, shipping would reuse edge offsets the centre already holds.</li>
 * </ol>
 */
public final class ResumePoints {

    private ResumePoints() {
    }

    /** Outcome for one partition: the offset to seek to, and a warning for the operator if any. */
    public record Resume(long offset, Optional<String> warning) {
    }

    public static long centreNext(OptionalLong checkpointNext, OptionalLong tailEdgeOffset) {
        long fromCheckpoint = checkpointNext.orElse(0);
        long fromTail = tailEdgeOffset.isPresent() ? tailEdgeOffset.getAsLong() + 1 : 0;
        return Math.max(fromCheckpoint, fromTail);
    }

    /**
     * @param checkpointLog the edge log the centre's checkpoint names, if it names one
     * @param localLog      the id of this box's curated topic
     */
    public static Resume resume(StreamPartition sp, Optional<UUID> checkpointLog, UUID localLog, OptionalLong checkpointNext,
                                OptionalLong tailEdgeOffset, long localStart, long localEnd) {
        if (checkpointLog.isPresent() && !checkpointLog.get().equals(localLog)) {
            return new Resume(localStart, Optional.of(sp + ": the centre's checkpoint (edge offset "
                    + checkpointNext.orElse(0) + ") belongs to another log of this site (" + checkpointLog.get()
                    + "; this box's log is " + localLog + "): the box was replaced or its data directory reset. Shipping"
                    + " this log from its start (" + localStart + "); landing continues after what the centre holds"));
        }
        return resume(sp, checkpointNext, tailEdgeOffset, localStart, localEnd);
    }

    public static Resume resume(StreamPartition sp, OptionalLong checkpointNext, OptionalLong tailEdgeOffset,
                                long localStart, long localEnd) {
        long centre = centreNext(checkpointNext, tailEdgeOffset);
        Optional<String> warning = Optional.empty();
        if (tailEdgeOffset.isPresent() && tailEdgeOffset.getAsLong() + 1 > checkpointNext.orElse(0)) {
            warning = Optional.of(sp + ": landing tail holds edge offset " + tailEdgeOffset.getAsLong()
                    + " beyond the checkpoint (" + (checkpointNext.isPresent() ? checkpointNext.getAsLong() : "none")
                    + "); resuming after the tail. Was the checkpoint topic deleted or truncated?");
        }
        if (centre > localEnd) {
            throw new UplinkException(sp + ": the centre already holds edge offsets up to " + centre
                    + " but the local curated log ends at " + localEnd + ". The local data was reset or another box"
                    + " uses this site id; shipping would collide with data at the centre. Check edge.site.id, or"
                    + " reset the site's landing topics and checkpoints at the centre");
        }
        if (centre < localStart) {
            String gap = sp + ": edge offsets " + centre + ".." + (localStart - 1) + " are no longer on this box"
                    + " (freed or evicted) and were never shipped; resuming at the local log start " + localStart;
            return new Resume(localStart, Optional.of(warning.map(w -> w + "; " + gap).orElse(gap)));
        }
        return new Resume(centre, warning);
    }
}
