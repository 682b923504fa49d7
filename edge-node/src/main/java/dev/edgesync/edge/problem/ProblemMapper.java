package dev.edgesync.edge.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers every refused request with {@code application/problem+json}. */
public class ProblemMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return toResponse(e.problem(), e.retryAfterSeconds().isPresent() ? e.retryAfterSeconds().getAsInt() : null);
    }

    public static Response toResponse(Problem p, Integer retryAfterSeconds) {
        Response.ResponseBuilder b = Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(json(p));
        if (retryAfterSeconds != null) {
            b.header("Retry-After", retryAfterSeconds);
        }
        return b.build();
    }

    public static String json(Problem p) {
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a problem", e);
        }
    }
}
