package dev.edgesync.edge.link;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.protocol.TopicNames;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What every link to the centre (uplink and downlink) needs: who this edge is, where the centre is, how to reach it,
 * and how long to wait on it. Plain Java, so a link can run (and be tested) without Quarkus.
 *
 * @param coreKafka    client settings passed through to every core client (TLS, SASL, ...), secrets file merged in
 * @param retryBackoff the wait before a link that failed connects again ({@code edge.sync.retry-backoff})
 * @param requestTimeout the time any call to the centre may take ({@code edge.sync.request-timeout})
 */
public record LinkSettings(String site, String region, String cloud, String coreBootstrapServers,
                           Map<String, String> coreKafka, Duration retryBackoff, Duration requestTimeout) {

    public LinkSettings {
        TopicNames.requireId(site, "site");
        TopicNames.requireId(region, "region");
        TopicNames.requireId(cloud, "cloud");
        Objects.requireNonNull(coreBootstrapServers, "coreBootstrapServers");
        coreKafka = Map.copyOf(coreKafka);
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** The link settings from the configuration; needs {@code edge.core.bootstrap-servers}. */
    public static LinkSettings from(EdgeConfig c) {
        return new LinkSettings(c.site().id(), c.site().region(), c.site().cloud(),
                c.core().bootstrapServers().orElseThrow(), LinkSecrets.merged(c.core().kafka(), c.core().kafkaSecretsFile()),
                c.sync().retryBackoff(), c.sync().requestTimeout());
    }

    /** Names the link settings but shows none of their values: they hold the SASL password. */
    @Override
    public String toString() {
        return "LinkSettings[site=" + site + ", core=" + coreBootstrapServers + ", coreKafka keys="
                + new TreeMap<>(coreKafka).keySet() + "]";
    }

    public LinkSettings withRetryBackoff(Duration d) {
        return new LinkSettings(site, region, cloud, coreBootstrapServers, coreKafka, d, requestTimeout);
    }

    public LinkSettings withRequestTimeout(Duration d) {
        return new LinkSettings(site, region, cloud, coreBootstrapServers, coreKafka, retryBackoff, d);
    }
}
