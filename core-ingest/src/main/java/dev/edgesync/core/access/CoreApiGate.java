package dev.edgesync.core.access;

import dev.edgesync.access.ApiGate;
import dev.edgesync.access.ApiGateHandler;
import dev.edgesync.access.ApiKeySettings;
import dev.edgesync.access.KeyRing;
import dev.edgesync.core.config.CoreConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Puts the shared {@link ApiGate} in front of every route of core-ingest, with {@link CoreEndpoints} and the keys of
 * {@code core.api.*} (checked at startup by CoreConfigValidator), and has every mutating call audited.
 */
@ApplicationScoped
public class CoreApiGate {

    private static final Logger LOG = Logger.getLogger(CoreApiGate.class);
    static final String REALM = "core-ingest";

    private final ApiGate<CoreKey, CoreScope> gate;
    private final AdminAudit audit;

    public CoreApiGate(CoreConfig config, AdminAudit audit) {
        this.gate = of(config.api());
        this.audit = audit;
    }

    /** The gate {@code core.api} describes; keys with an unknown scope get only the known ones (startup refuses them). */
    public static ApiGate<CoreKey, CoreScope> of(CoreConfig.Api api) {
        List<CoreKey> keys = new ArrayList<>();
        api.keys().forEach((name, k) -> {
            EnumSet<CoreScope> scopes = EnumSet.noneOf(CoreScope.class);
            k.scopes().forEach(s -> CoreScope.parse(s).ifPresent(scopes::add));
            keys.add(new CoreKey(name, k.hash(), scopes));
        });
        return new ApiGate<>(ApiKeySettings.enabled(api.auth()), new KeyRing<>(keys), CoreEndpoints.table(),
                (key, match) -> Optional.empty(), (scope, method) -> scope.configName());
    }

    void install(@Observes Router router) {
        ApiGateHandler handler = new ApiGateHandler(gate, REALM);
        boolean keysAsked = gate.enabled();
        router.route().order(ApiGateHandler.ORDER).handler(ctx -> {
            audit.watch(ctx, keysAsked, gate.table());
            handler.handle(ctx);
        });
        LOG.infof("REST API: %s", keysAsked ? "every call but the health probes needs a key (core.api.auth=api-key)"
                : "open to anyone who can reach the port (core.api.auth=none or unset)");
    }
}
