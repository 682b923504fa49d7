package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import dev.edgesync.protocol.Checkpoint;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells, before an uplink reconnects, whether another uplink with the same site identity has committed at
 * the centre since this one last looked, so that reconnecting (initTransactions) would fence a live twin.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Only the site's uplinks write its checkpoints (one prefixed ACL per site), and every commit moves the
 *       partition's {@code nextCoreOffset} forward. So a centre checkpoint <em>ahead</em> of the last one this
 *       uplink saw or committed, other than the one it was committing when the link failed (outcome unknown),
 *       was committed by someone else after this uplink last looked.</li>
 *   <li>A checkpoint <em>behind</em> what this uplink knows is not a takeover but a stale view: after a centre
 *       broker crash, a transaction whose commit was already acknowledged stays invisible to read_committed
 *       readers until its markers are written. It resolves itself, and the resume point is read again after
 *       initTransactions, which completes such a commit first.</li>
 *   <li>A partition this uplink has never looked at tells nothing: the first connect always takes over.</li>
 *   <li>A checkpoint missing at the centre (topic recreated) is not a takeover; the landing tail decides.</li>
 * </ol>
 * Without this, two boxes sharing an identity fence each other in turn on every error that is not
 * recognisably a fence (broker-side races answer some with unknown errors), and both keep shipping.
 */
final class TakeoverDetector {

    private final Map<StreamPartition, Checkpoint> known = new ConcurrentHashMap<>();
    private final Map<StreamPartition, Checkpoint> attempted = new ConcurrentHashMap<>();

    /** This uplink read {@code c} back from the centre, or committed it. */
    void observed(StreamPartition sp, Checkpoint c) {
        if (c != null) {
            known.put(sp, c);
        }
        attempted.remove(sp);
    }

    /** This uplink is about to commit {@code c}; if the link fails now, the outcome is unknown. */
    void attempting(StreamPartition sp, Checkpoint c) {
        attempted.put(sp, c);
    }

    boolean hasLooked() {
        return !known.isEmpty();
    }

    /** A description of the first partition another uplink has committed to, if any. */
    Optional<String> takenOver(Map<StreamPartition, Checkpoint> atCentre) {
        for (Map.Entry<StreamPartition, Checkpoint> e : atCentre.entrySet()) {
            Checkpoint seen = known.get(e.getKey());
            Checkpoint now = e.getValue();
            if (seen == null || now == null || now.nextCoreOffset() <= seen.nextCoreOffset()
                    || now.equals(attempted.get(e.getKey()))) {
                continue;
            }
            return Optional.of(e.getKey() + ": the centre's checkpoint moved to edge offset " + now.nextEdgeOffset()
                    + " / core offset " + now.nextCoreOffset() + " without this uplink (it last saw "
                    + seen.nextEdgeOffset() + " / " + seen.nextCoreOffset() + ")");
        }
        return Optional.empty();
    }
}
