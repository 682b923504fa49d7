package dev.edgesync.core.onboarding;

import dev.edgesync.core.sites.SiteDeclaration;

import java.util.Map;

/** Renders the {@code application.properties} lines a new site's edge box needs to reach the centre. */
public final class EdgeConfigTemplate {

    private EdgeConfigTemplate() {
    }

    public static String render(SiteDeclaration d, String bootstrapServers) {
        StringBuilder b = new StringBuilder();
        b.append("# edge-node settings for site ").append(d.site()).append(", from core-ingest onboarding.\n");
        b.append("# Add them to /etc/edge-node/application.properties; link credentials (TLS, SASL) go in edge.core.kafka.*\n");
        b.append("edge.site.id=").append(d.site()).append('\n');
        b.append("edge.site.region=").append(d.region()).append('\n');
        b.append("edge.site.cloud=").append(d.cloud()).append('\n');
        b.append("edge.core.bootstrap-servers=").append(bootstrapServers).append('\n');
        b.append("# The centre created this site's topics: the box need not (and with per-site ACLs may not).\n");
        b.append("edge.core.create-topics=false\n");
        d.streams().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                b.append("edge.streams.").append(e.getKey()).append(".partitions=").append(e.getValue()).append('\n'));
        return b.toString();
    }
}
