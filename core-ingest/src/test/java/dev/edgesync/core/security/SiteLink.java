package dev.edgesync.core.security;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** What an edge box makes of an onboarding answer: its Kafka client settings for the centre, and its password. */
final class SiteLink {

    private SiteLink() {
    }

    static Properties properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The client settings an edge box builds from the onboarding answer: edge.core.kafka.* plus its secret file. */
    static Map<String, Object> of(String edgeConfig, String secrets) {
        Map<String, Object> c = new HashMap<>();
        properties(edgeConfig).forEach((k, v) -> {
            String key = (String) k;
            if (key.startsWith("edge.core.kafka.\"")) {
                c.put(key.substring("edge.core.kafka.\"".length(), key.length() - 1), v);
            }
        });
        properties(secrets).forEach((k, v) -> c.put((String) k, v));
        c.put("bootstrap.servers", properties(edgeConfig).getProperty("edge.core.bootstrap-servers"));
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return c;
    }

    /** The password in a secret file's JAAS line. */
    static String password(String secrets) {
        return properties(secrets).getProperty("sasl.jaas.config").replaceAll(".*password=\"([^\"]+)\".*", "$1");
    }
}
