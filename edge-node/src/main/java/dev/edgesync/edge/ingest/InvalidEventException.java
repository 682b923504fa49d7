package dev.edgesync.edge.ingest;

/** One event of a request is not an acceptable CloudEvent; the message says why, for the client. */
public class InvalidEventException extends Exception {

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
