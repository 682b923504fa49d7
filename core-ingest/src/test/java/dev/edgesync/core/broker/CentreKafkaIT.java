package dev.edgesync.core.broker;

import dev.edgesync.kafka.LocalPorts;
import dev.edgesync.core.config.CoreConfig;
import dev.edgesync.testkit.FaultProxy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded centre with an advertised address, as when a fault-injecting proxy stands in front of it. */
class CentreKafkaIT {

    @TempDir
    Path dir;

    @Test
    void edgesAreGivenTheAdvertisedAddressWhileCoreIngestUsesItsInternalListener() throws Exception {
        int port = LocalPorts.free();
        int proxyPort = LocalPorts.free();
        CoreConfig config = new SmallRyeConfigBuilder()
                .withMapping(CoreConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(
                        "core.embedded.port", String.valueOf(port),
                        "core.embedded.data-dir", dir.toString(),
                        "core.embedded.advertised-host", "localhost",
                        "core.embedded.advertised-port", String.valueOf(proxyPort),
                        // Outside Quarkus the production rules apply: the API's auth must be chosen.
                        "core.api.auth", "none"), "test", 500))
                .build().getConfigMapping(CoreConfig.class);
        CentreKafka centre = new CentreKafka(config);
        centre.start();
        try (FaultProxy proxy = new FaultProxy(proxyPort, port)) {
            assertThat(centre.edgeBootstrapServers()).isEqualTo("localhost:" + proxyPort);
            assertThat(centre.bootstrapServers()).isNotEqualTo("127.0.0.1:" + port).startsWith("127.0.0.1:");

            // Reached through the proxy, the broker names the proxy, so edges stay behind it ...
            assertThat(nodes("localhost:" + proxy.port())).singleElement()
                    .satisfies(n -> assertThat(n.host() + ":" + n.port()).isEqualTo("localhost:" + proxyPort));
            // ... asked on the internal one, it names itself, so core-ingest never depends on the proxy.
            assertThat(nodes(centre.bootstrapServers())).singleElement()
                    .satisfies(n -> assertThat(n.host() + ":" + n.port()).isEqualTo(centre.bootstrapServers()));
        } finally {
            centre.close();
        }
    }

    private static Collection<Node> nodes(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        }
    }
}
