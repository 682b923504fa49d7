package dev.edgesync.core.onboarding;

import dev.edgesync.core.sites.SiteDeclaration;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders what a new site's edge box needs to reach the centre: the {@code application.properties} lines (never a
 * secret) and, when onboarding issued a password, the separate secret file the box keeps readable to itself only.
 */
public final class EdgeConfigTemplate {

    private EdgeConfigTemplate() {
    }

    /**
     * How the edge reaches the centre besides its address.
     *
     * @param kafka       non-secret client settings for {@code edge.core.kafka.*} (TLS trust store, ...)
     * @param scram       whether the link logs in with SASL/SCRAM-SHA-512 over TLS
     * @param secretsFile where the box keeps its secret file ({@code edge.core.kafka-secrets-file})
     */
    public record Link(Map<String, String> kafka, boolean scram, String secretsFile) {
        public Link {
            kafka = Map.copyOf(kafka);
        }
    }

    public static String render(SiteDeclaration d, String bootstrapServers, Link link) {
        StringBuilder b = new StringBuilder();
        b.append("# edge-node settings for site ").append(d.site()).append(", from core-ingest onboarding.\n");
        b.append("# Add them to /etc/edge-node/application.properties.\n");
        b.append("edge.site.id=").append(d.site()).append('\n');
        b.append("edge.site.region=").append(d.region()).append('\n');
        b.append("edge.site.cloud=").append(d.cloud()).append('\n');
        b.append("edge.core.bootstrap-servers=").append(bootstrapServers).append('\n');
        b.append("# The centre created this site's topics: the box need not (and with per-site ACLs may not).\n");
        b.append("edge.core.create-topics=false\n");
        Map<String, String> kafka = new TreeMap<>(link.kafka());
        if (link.scram()) {
            kafka.put("security.protocol", "SASL_SSL");
            kafka.put("sasl.mechanism", "SCRAM-SHA-512");
        }
        kafka.forEach((k, v) -> b.append("edge.core.kafka.\"").append(k).append("\"=").append(v).append('\n'));
        if (link.scram()) {
            b.append("# The SASL login is in this file, owned by the edge-node user, mode 0600.\n");
            b.append("edge.core.kafka-secrets-file=").append(link.secretsFile()).append('\n');
        }
        d.streams().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                b.append("edge.streams.").append(e.getKey()).append(".partitions=").append(e.getValue()).append('\n'));
        return b.toString();
    }

    /** The secret file's content: Kafka client settings that log {@code user} in, in properties format. */
    public static String secrets(String user, String password) {
        return "# Link secret of " + user + ", from core-ingest onboarding. Keep it readable by the edge-node user only.\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";\n";
    }

    /** Whether a client setting must not be written into the (non-secret) edge configuration. */
    public static boolean isSecretOrReserved(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.endsWith("keystore.key") || k.equals("bootstrap.servers")
                || k.equals("transactional.id");
    }
}
