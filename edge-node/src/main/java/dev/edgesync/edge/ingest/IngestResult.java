package dev.edgesync.edge.ingest;

import java.util.List;

/** The answer to an accepted request: one result per event, in request order. */
public record IngestResult(int accepted, int duplicates, List<EventResult> results) {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";

    /** What happened to the event at {@code index} of the request. */
    public record EventResult(int index, String id, String status) {
    }
}
