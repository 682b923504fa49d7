package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.Problem;
import dev.edgesync.edge.problem.ProblemException;

import dev.edgesync.edge.api.EdgeKey;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a request whose events use a CloudEvents source the key may not post, before any of it is appended:
 * the dedup index is keyed by (stream, source, id), so a till limited to its own sources cannot take another
 * till's ids and have that till's events answered "duplicate".
 */
final class SourceCheck {

    private SourceCheck() {
    }

    /** @throws ProblemException 403 listing every event with a forbidden source, by index */
    static void check(EdgeKey key, List<CloudEvent> events) {
        List<Problem.EventError> errors = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String source = events.get(i).source();
            if (!key.maySend(source)) {
                errors.add(new Problem.EventError(i, "source '" + source + "' is not among the sources key '"
                        + key.name() + "' may post (" + key.sources() + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.forbiddenSources(key.name(), errors);
        }
    }
}
