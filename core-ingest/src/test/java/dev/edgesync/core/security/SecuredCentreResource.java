package dev.edgesync.core.security;

import dev.edgesync.core.it.EmbeddedCentreResource;
import dev.edgesync.kafka.BrokerSecurity;
import dev.edgesync.kafka.DataDirs;
import dev.edgesync.kafka.EmbeddedKafkaBroker;
import dev.edgesync.kafka.TlsMaterial;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A secured centre (TLS, SCRAM-SHA-512, StandardAuthorizer) for core-ingest to run against, core-ingest logging in as
 * the broker's super user and managing site credentials. The test reads the broker through {@link #broker()}.
 */
public class SecuredCentreResource implements QuarkusTestResourceLifecycleManager {

    /** The produce quota onboarding gives each site's user here. */
    static final long PRODUCER_BYTE_RATE = 2 * 1024 * 1024;

    private static volatile EmbeddedKafkaBroker broker;
    private Path dir;

    public static EmbeddedKafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        dir = EmbeddedCentreResource.tempDir("core-secured-it-");
        TlsMaterial tls = TlsMaterial.selfSigned(dir, "127.0.0.1");
        broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("centre")).secured(BrokerSecurity.scramOverTls(tls))
                // As deploy/ sets it: the relay's 3 s session timeout is below Kafka's default floor of 6 s.
                .config("group.min.session.timeout.ms", "1000")
                .build().start();
        Map<String, String> c = new HashMap<>();
        c.put("core.kafka.bootstrap-servers", broker.internalBootstrapServers());
        broker.adminClientProperties().forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                c.put("core.kafka.client.\"" + k + "\"", String.valueOf(v));
            }
        });
        c.put("core.onboarding.credentials", "scram-sha-512");
        c.put("core.onboarding.edge-bootstrap-servers", broker.bootstrapServers());
        c.put("core.onboarding.edge-kafka.\"ssl.truststore.type\"", "PEM");
        c.put("core.onboarding.edge-kafka.\"ssl.truststore.location\"", tls.certificate().toString());
        // Every site here is onboarded: the relay routes onboarded sites only and never makes a topic.
        c.put("core.relay.site-registration", "onboarding");
        c.put("core.streams.sales.routing", "per-region");
        c.put("core.onboarding.producer-byte-rate", String.valueOf(PRODUCER_BYTE_RATE));
        c.putAll(EmbeddedCentreResource.fastRelay());
        return c;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            DataDirs.deleteRecursively(dir);
        }
    }
}
