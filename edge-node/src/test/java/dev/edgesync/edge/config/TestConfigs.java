package dev.edgesync.edge.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.Map;

/** An {@link EdgeConfig} read from properties as the application reads it, for tests without Quarkus. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static EdgeConfig load(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(EdgeConfig.class)
                // Quarkus' own converter, so "30s" reads as it does in the app
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 100))
                .build();
        return config.getConfigMapping(EdgeConfig.class);
    }
}
