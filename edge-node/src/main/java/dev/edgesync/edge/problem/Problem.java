package dev.edgesync.edge.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}); {@code errors} lists the reason for
 * each bad event of a request, by its index in the request (0 for a single event).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<EventError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:edgesync:problem:";

    /** Why the event at {@code index} of a request was refused. */
    public record EventError(int index, String reason) {
    }
}
