package dev.edgesync.edge.ingest;

import java.util.List;

/** One event of a request is not an acceptable CloudEvent; the message says why, for the client. */
public class InvalidEventException extends Exception {

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }

    /** Throws one exception naming every problem, joined by "; ", if there is any. */
    static void throwIfAny(List<String> problems) throws InvalidEventException {
        if (!problems.isEmpty()) {
            throw new InvalidEventException(String.join("; ", problems));
        }
    }
}
