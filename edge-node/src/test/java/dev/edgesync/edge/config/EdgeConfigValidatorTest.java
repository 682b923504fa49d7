package dev.edgesync.edge.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeConfigValidatorTest {

    @Test
    void aValidConfigurationHasNoProblem() {
        assertThat(EdgeConfigValidator.problems(load(valid()))).isEmpty();
    }

    @Test
    void missingSiteIdStopsStartupNamingTheKey() {
        Map<String, String> props = valid();
        props.remove("edge.site.id");
        assertThatThrownBy(() -> load(props)).hasMessageContaining("edge.site.id");
    }

    @Test
    void everyProblemIsReportedAtOnceEachNamingItsKey() {
        Map<String, String> props = valid();
        props.put("edge.site.id", "Store 42");
        props.put("edge.broker.port", "70000");
        props.put("edge.streams.sales.partitions", "0");
        props.put("edge.streams.Bad.partitions", "1");
        props.put("edge.ingest.max-batch-events", "0");
        EdgeConfig config = load(props);
        assertThat(EdgeConfigValidator.problems(config)).hasSize(5)
                .anySatisfy(p -> assertThat(p).startsWith("edge.site.id="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.broker.port="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.partitions="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.Bad"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.ingest.max-batch-events="));
        assertThatThrownBy(() -> EdgeConfigValidator.validate(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("edge.site.id").hasMessageContaining("edge.broker.port");
    }

    @Test
    void noDeclaredStreamIsAProblem() {
        Map<String, String> props = valid();
        props.remove("edge.streams.sales.partitions");
        assertThat(EdgeConfigValidator.problems(load(props))).anySatisfy(p -> assertThat(p).startsWith("edge.streams:"));
    }

    @Test
    void aCriticalStreamCannotBeDropOldestWithoutTheExplicitKey() {
        Map<String, String> props = valid();
        props.put("edge.streams.payments.priority", "critical");
        props.put("edge.streams.payments.buffer-policy", "drop-oldest");
        assertThat(EdgeConfigValidator.problems(load(props))).singleElement().satisfies(p -> assertThat(p)
                .startsWith("edge.streams.payments.buffer-policy=drop-oldest")
                .contains("edge.streams.payments.allow-drop-critical=true"));
        props.put("edge.streams.payments.allow-drop-critical", "true");
        assertThat(EdgeConfigValidator.problems(load(props))).isEmpty();
    }

    @Test
    void pressureSettingsAreCheckedEachNamingItsKey() {
        Map<String, String> props = valid();
        props.put("edge.streams.sales.priority", "urgent");
        props.put("edge.streams.sales.buffer-policy", "drop-newest");
        props.put("edge.streams.sales.max-age", "0s");
        props.put("edge.sync.max-bytes-per-second", "-1");
        props.put("edge.sync.weights.bulk", "0");
        props.put("edge.buffer.max-bytes", "1000");
        props.put("edge.buffer.low-watermark", "0.95");
        assertThat(EdgeConfigValidator.problems(load(props))).hasSize(7)
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.priority='urgent'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.buffer-policy='drop-newest'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.max-age="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.sync.max-bytes-per-second="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.sync.weights.bulk="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.max-bytes="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.low-watermark="));
    }

    @Test
    void pressureDefaultsAreNormalRejectNoCapNoQuota() {
        EdgeConfig c = load(valid());
        assertThat(c.streams().get("sales").priority()).isEqualTo("normal");
        assertThat(c.streams().get("sales").bufferPolicy()).isEqualTo("reject");
        assertThat(c.streams().get("sales").maxAge()).isEmpty();
        assertThat(c.sync().maxBytesPerSecond()).isZero();
        assertThat(c.buffer().maxBytes()).isZero();
        assertThat(c.sync().weights().critical()).isEqualTo(8);
    }

    private static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("edge.site.id", "store-042");
        p.put("edge.streams.sales.partitions", "3");
        return p;
    }

    private static EdgeConfig load(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(EdgeConfig.class)
                // Quarkus' own converter, so "30s" reads as it does in the app
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 100))
                .build();
        return config.getConfigMapping(EdgeConfig.class);
    }
}
