package dev.edgesync.edge.problem;

import java.util.List;
import java.util.OptionalInt;

/** Ends a request with a {@link Problem}; nothing of the request has been appended when it is thrown before the send. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final OptionalInt retryAfterSeconds;

    public ProblemException(Problem problem, OptionalInt retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for the Retry-After header, for answers the client should retry. */
    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A problem of type {@code urn:edgesync:problem:<slug>}. */
    public static ProblemException of(String slug, int status, String title, String detail) {
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + slug, title, status, detail, null),
                OptionalInt.empty());
    }

    public static ProblemException malformed(String detail) {
        return of("malformed-request", 400, "Malformed request body", detail);
    }

    public static ProblemException invalidEvents(List<Problem.EventError> errors) {
        String detail = errors.size() == 1 && errors.get(0).index() == 0
                ? errors.get(0).reason()
                : errors.size() + " event(s) of the request are invalid; nothing was accepted";
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "invalid-event", "Invalid CloudEvent", 400,
                detail, List.copyOf(errors)), OptionalInt.empty());
    }

    /** 403: the key may not post events with these sources; nothing of the request was appended. */
    public static ProblemException forbiddenSources(String keyName, List<Problem.EventError> errors) {
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "forbidden-source", "Forbidden", 403,
                errors.size() + " event(s) of the request have a source key '" + keyName
                        + "' may not use (edge.api.keys." + keyName + ".sources); nothing was accepted",
                List.copyOf(errors)), OptionalInt.empty());
    }

    public static ProblemException emptyBatch() {
        return of("empty-batch", 400, "Empty batch", "the batch holds no event; send at least one");
    }

    public static ProblemException unknownStream(String stream, java.util.Collection<String> known) {
        return of("unknown-stream", 404, "Unknown stream",
                "stream '" + stream + "' is not declared on this edge; declared streams: " + known);
    }

    public static ProblemException bodyTooLarge(long size, int max) {
        return of("body-too-large", 413, "Request body too large",
                (size >= 0 ? "the body has " + size + " bytes; " : "") + "at most " + max
                        + " bytes are accepted (edge.ingest.max-body-bytes): split the batch");
    }

    public static ProblemException recordTooLarge(String detail) {
        return of("event-too-large", 413, "Event too large",
                "an event is larger than the local broker accepts (" + detail + "): send smaller events");
    }

    public static ProblemException batchTooLarge(int events, int max) {
        return of("batch-too-large", 413, "Too many events in batch",
                "the batch holds " + events + " events; at most " + max
                        + " are accepted (edge.ingest.max-batch-events): split the batch");
    }

    public static ProblemException unsupportedMediaType(String contentType) {
        return of("unsupported-media-type", 415, "Unsupported media type",
                "Content-Type '" + contentType + "' is neither application/cloudevents+json nor"
                        + " application/cloudevents-batch+json, and no ce-specversion header marks a binary-mode event");
    }

    /** 507: the disk quota is reached and the stream's policy is reject; nothing of the request was appended. */
    public static ProblemException bufferFull(String stream, long usedBytes, long maxBytes, int retryAfterSeconds) {
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "buffer-full", "Buffer full, retry later", 507,
                "the local buffer holds " + usedBytes + " of " + maxBytes + " bytes (edge.buffer.max-bytes) and stream '"
                        + stream + "' has buffer-policy reject: nothing was accepted. Events are accepted again once"
                        + " the uplink has sent enough to bring the buffer under its low watermark", null),
                OptionalInt.of(retryAfterSeconds));
    }

    /** 507: the data dir's filesystem is down to its free-space floor; nothing of the request was appended. */
    public static ProblemException diskFull(long freeBytes, long floorBytes, int retryAfterSeconds) {
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "disk-full", "Disk full, retry later", 507,
                "the data dir's filesystem has " + freeBytes + " bytes free, at or under its floor of " + floorBytes
                        + " bytes (edge.buffer.min-free-bytes, edge.buffer.min-free-percent) less the requests in"
                        + " flight: nothing was accepted. Events are accepted again once the uplink has sent and freed"
                        + " enough", null),
                OptionalInt.of(retryAfterSeconds));
    }

    /** 503 before the body is read: the requests in flight hold the ingest budget; nothing of this one was read. */
    public static ProblemException overloaded(long needBytes, long inUseBytes, long budgetBytes, int retryAfterSeconds) {
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "overloaded", "Too many requests in flight, retry later",
                503, "the requests being read and appended hold " + inUseBytes + " of " + budgetBytes
                        + " heap bytes (edge.ingest.max-inflight-bytes) and this one needs " + needBytes
                        + ": its body was not read and nothing was accepted; send it again after Retry-After", null),
                OptionalInt.of(retryAfterSeconds));
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "append-unavailable",
                "Events not accepted, retry later", 503, detail, null), OptionalInt.of(retryAfterSeconds));
    }
}
