package dev.edgesync.edge.api;

import dev.edgesync.access.ApiGate;
import dev.edgesync.access.ApiGateHandler;
import dev.edgesync.edge.config.EdgeConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Puts the edge's {@link ApiGate} in front of every route, before body limits, parsing and appending, so a caller
 * without the right key costs the box almost nothing. Installed with {@code edge.api.auth=none} too: a path with
 * more than one spelling is still refused (400).
 */
@ApplicationScoped
public class ApiAuthRoute {

    private static final Logger LOG = Logger.getLogger(ApiAuthRoute.class);

    void install(@Observes Router router, EdgeConfig config) {
        ApiGate<EdgeKey, Scope> gate = ApiSettings.gate(config.api());
        if (!gate.enabled()) {
            LOG.warn("The local REST API is open (edge.api.auth=none): anyone who reaches the HTTP port can post events"
                    + " and change settings. Use edge.api.auth=api-key on an untrusted LAN (docs/security.md)");
        }
        router.route().order(ApiGateHandler.ORDER).handler(new ApiGateHandler(gate, "edge-node"));
    }
}
