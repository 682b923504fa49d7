package dev.edgesync.edge.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.edge.problem.ProblemException;
import dev.edgesync.protocol.TopicNames;
import dev.edgesync.protocol.downlink.ReferenceChange;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/reference/{table}/{key}}: one row of a reference table, for store systems on the site. Reads the
 * state store only, so it answers while the link to the centre is down.
 */
@Path("/v1/reference")
public class ReferenceResource {

    private final ReferenceService service;

    public ReferenceResource(ReferenceService service) {
        this.service = service;
    }

    @GET
    @Path("/{table}/{key}")
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    public JsonNode row(@PathParam("table") String table, @PathParam("key") String key) {
        if (!TopicNames.isValidId(table)) {
            throw ProblemException.of("invalid-name", 400, "Invalid table name",
                    "'" + table + "' is not a table name: 1-63 lower-case letters, digits or '-'");
        }
        if (key.isEmpty() || key.length() > ReferenceChange.MAX_KEY_LENGTH) {
            throw ProblemException.of("invalid-name", 400, "Invalid key",
                    "a key has 1-" + ReferenceChange.MAX_KEY_LENGTH + " characters");
        }
        ReferenceTables tables = service.tables();
        return tables.get(table, key).orElseThrow(() -> service.isKnown(table)
                ? ProblemException.of("unknown-key", 404, "Unknown key", "reference table '" + table + "' has no row '" + key + "'")
                : ProblemException.of("unknown-table", 404, "Unknown table", "no reference table '" + table
                + "' on this edge: it is neither configured (edge.pipeline.reference." + table + ".file) nor sent by the centre"));
    }
}
