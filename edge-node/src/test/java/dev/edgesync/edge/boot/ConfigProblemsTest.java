package dev.edgesync.edge.boot;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigProblemsTest {

    @Test
    void aValidConfigurationHasNoProblem() {
        assertThat(ConfigProblems.of(load(valid()))).isEmpty();
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
        assertThat(ConfigProblems.of(config)).hasSize(5)
                .anySatisfy(p -> assertThat(p).startsWith("edge.site.id="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.broker.port="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.partitions="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.Bad"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.ingest.max-batch-events="));
        assertThatThrownBy(() -> ConfigProblems.validate(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("edge.site.id").hasMessageContaining("edge.broker.port");
    }

    @Test
    void badKeysOfEveryConcernIncludingIngestAreReportedInOneStartupError() {
        Map<String, String> props = valid();
        props.put("edge.broker.port", "0");
        props.put("edge.ingest.dedup-window", "0s");
        props.put("edge.ingest.rebuild-timeout", "10ms");
        props.put("edge.ingest.body-timeout", "1ms");
        props.put("edge.buffer.check-interval", "1ms");
        props.put("edge.sync.compression", "brotli");
        props.put("edge.streams.sales.priority", "urgent");
        props.put("edge.downlink.max-message-bytes", "10");
        props.put("edge.pipeline.reference.products.file", "src/test/resources/pipeline/products.csv");
        props.put("edge.pipeline.reference.products.format", "xml");
        props.put("edge.api.auth", "sometimes");
        EdgeConfig config = load(props);
        assertThatThrownBy(() -> ConfigProblems.validate(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Invalid edge-node configuration:\n  - ")
                .hasMessageContaining("\n  - edge.broker.port=0")
                .hasMessageContaining("\n  - edge.ingest.dedup-window=")
                .hasMessageContaining("\n  - edge.ingest.rebuild-timeout=")
                .hasMessageContaining("\n  - edge.ingest.body-timeout=")
                .hasMessageContaining("\n  - edge.buffer.check-interval=")
                .hasMessageContaining("\n  - edge.sync.compression='brotli'")
                .hasMessageContaining("\n  - edge.streams.sales.priority='urgent' is unknown")
                .hasMessageContaining("\n  - edge.downlink.max-message-bytes=10")
                .hasMessageContaining("\n  - edge.pipeline.reference.products.format='xml'")
                .hasMessageContaining("\n  - edge.api.auth");
        assertThat(ConfigProblems.of(config)).hasSize(10);
    }

    @Test
    void maxTimeAheadMustBePositive() {
        Map<String, String> props = valid();
        assertThat(load(props).ingest().maxTimeAhead()).hasDays(1);
        props.put("edge.ingest.max-time-ahead", "0s");
        assertThat(ConfigProblems.of(load(props))).singleElement().asString()
                .startsWith("edge.ingest.max-time-ahead=");
    }

    @Test
    void aMissingLinkSecretFileStopsStartupNamingTheKey() {
        Map<String, String> props = valid();
        props.put("edge.core.kafka-secrets-file", "/nonexistent/centre-link.secret");
        assertThat(ConfigProblems.of(load(props)))
                .anySatisfy(p -> assertThat(p).startsWith("edge.core.kafka-secrets-file=/nonexistent/centre-link.secret"));
    }

    @Test
    void downlinkBoundsBelowTheContractsAreProblemsNamingTheirKeys() {
        Map<String, String> props = valid();
        props.put("edge.downlink.min-bytes-per-second", "100");
        props.put("edge.downlink.max-message-bytes", "10");
        assertThat(ConfigProblems.of(load(props))).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("edge.downlink.min-bytes-per-second=100 must be at least 1024"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.downlink.max-message-bytes=10"));
        EdgeConfig defaults = load(valid());
        assertThat(defaults.downlink().minBytesPerSecond()).isEqualTo(65536);
        assertThat(defaults.downlink().maxMessageBytes()).isEqualTo(1 << 20);
    }

    @Test
    void diskFloorDlqBoundAndReserveAreCheckedNamingTheirKeys() {
        Map<String, String> props = valid();
        props.put("edge.buffer.min-free-bytes", "-1");
        props.put("edge.buffer.min-free-percent", "100");
        props.put("edge.buffer.dlq-max-bytes", "-1");
        props.put("edge.buffer.reserve-bytes", "-1");
        assertThat(ConfigProblems.of(load(props))).hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.min-free-bytes=-1"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.min-free-percent=100"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.dlq-max-bytes=-1"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.reserve-bytes=-1"));
        EdgeConfig defaults = load(valid());
        assertThat(defaults.buffer().minFreeBytes()).isEqualTo(256L << 20);
        assertThat(defaults.buffer().minFreePercent()).isEqualTo(1.0);
        assertThat(defaults.buffer().dlqMaxBytes()).isEqualTo(64L << 20);
        assertThat(defaults.buffer().reserveBytes()).isEqualTo(64L << 20);
    }

    @Test
    void noDeclaredStreamIsAProblem() {
        Map<String, String> props = valid();
        props.remove("edge.streams.sales.partitions");
        assertThat(ConfigProblems.of(load(props))).anySatisfy(p -> assertThat(p).startsWith("edge.streams:"));
    }

    @Test
    void aGoodPipelineOfEveryProcessorHasNoProblem() {
        Map<String, String> props = valid();
        props.putAll(goodPipeline());
        assertThat(ConfigProblems.of(load(props), name -> null)).isEmpty();
    }

    @Test
    void theHashSecretMayComeFromTheEnvironmentButMustBeLongEnough() {
        Map<String, String> props = valid();
        props.putAll(goodPipeline());
        props.remove("edge.pipeline.hash-secret-file");
        props.put("edge.pipeline.hash-secret-env", "SITE_KEY");
        assertThat(ConfigProblems.of(load(props), name -> "SITE_KEY".equals(name) ? "0123456789abcdef0" : null)).isEmpty();
        assertThat(ConfigProblems.of(load(props), name -> "short")).singleElement()
                .satisfies(p -> assertThat(p).contains("SITE_KEY").contains("at least 16 bytes"));
        assertThat(ConfigProblems.of(load(props), name -> null)).singleElement()
                .satisfies(p -> assertThat(p).startsWith("edge.streams.sales.redact.hash").contains("edge.pipeline.hash-secret-file"));
    }

    @Test
    void everyPipelineProblemIsReportedNamingTheStreamAndKey() {
        Map<String, String> props = valid();
        props.putAll(goodPipeline());
        props.put("edge.streams.sales.pipeline", "validate,filter,redact,bogus,transform,transform,aggregate,enrich");
        props.put("edge.streams.sales.validate.schema", "no/such/schema.json");
        props.put("edge.streams.sales.filter.keep", "data.qty >");
        props.put("edge.streams.sales.redact.hash", "customer..loyaltyId");
        props.put("edge.streams.sales.enrich.lookup.product.table", "nosuchtable");
        props.put("edge.streams.telemetry.aggregate.window", "500ms");
        props.put("edge.streams.telemetry.aggregate.functions", "count,median");
        props.put("edge.streams.telemetry.aggregate.output-stream", "nowhere");
        props.put("edge.pipeline.reference.products.format", "xml");
        List<String> problems = ConfigProblems.of(load(props), name -> null);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.pipeline: unknown processor 'bogus'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.pipeline: processor 'transform' is listed twice"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.pipeline: aggregate must be the last"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.validate.schema=no/such/schema.json"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.filter.keep: invalid CEL expression"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.redact.hash: 'customer..loyaltyId'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.enrich.lookup.product.table: no reference table 'nosuchtable'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.telemetry.aggregate.window="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.telemetry.aggregate.functions: unknown function 'median'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.telemetry.aggregate.output-stream='nowhere'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.pipeline.reference.products.format='xml'"));
        assertThat(problems).hasSize(11);
    }

    @Test
    void aReferenceTableTheCentreFillsNeedsNoFileAndEnrichMayLookItUp() {
        Map<String, String> props = valid();
        props.putAll(goodPipeline());
        props.remove("edge.pipeline.reference.products.file");
        props.put("edge.pipeline.reference.products.source", "downlink");
        assertThat(ConfigProblems.of(load(props), name -> null)).isEmpty();
        props.put("edge.pipeline.reference.products.file", "x.csv");
        props.put("edge.pipeline.reference.stores.source", "ftp");
        assertThat(ConfigProblems.of(load(props), name -> null))
                .anySatisfy(p -> assertThat(p).startsWith("edge.pipeline.reference.products.file=x.csv is not read with source=downlink"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.pipeline.reference.stores.source='ftp' is unknown"))
                .hasSize(2);
    }

    @Test
    void aProcessorInThePipelineWithoutItsSettingsIsAProblem() {
        Map<String, String> props = valid();
        props.put("edge.streams.sales.pipeline", "validate,filter,redact,transform");
        props.put("edge.streams.other.partitions", "2");
        props.put("edge.streams.other.pipeline", "aggregate");
        props.put("edge.streams.other.aggregate.output-stream", "sales");
        assertThat(ConfigProblems.of(load(props), name -> null))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.validate.schema is required"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.filter.keep is required"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.redact: set redact.remove"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.transform: set at least one"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.other.aggregate.output-stream='sales' has 3 partitions"))
                .hasSize(5);
    }

    /** Every processor configured, as in docs/preprocessing.md, with the test resources. */
    static Map<String, String> goodPipeline() {
        Map<String, String> p = new HashMap<>();
        String res = "src/test/resources/pipeline/";
        p.put("edge.pipeline.hash-secret-file", res + "hash.secret");
        p.put("edge.pipeline.reference.products.file", res + "products.csv");
        p.put("edge.pipeline.reference.products.key", "sku");
        p.put("edge.streams.sales.pipeline", "validate,redact,transform,enrich,filter");
        p.put("edge.streams.sales.validate.schema", res + "sales.schema.json");
        p.put("edge.streams.sales.redact.remove", "customer.email,customer.name,customer.phone");
        p.put("edge.streams.sales.redact.hash", "customer.loyaltyId");
        p.put("edge.streams.sales.transform.rename.cashier", "staffId");
        p.put("edge.streams.sales.transform.set.schemaVersion", "2");
        p.put("edge.streams.sales.transform.drop", "currency");
        p.put("edge.streams.sales.enrich.site", "true");
        p.put("edge.streams.sales.enrich.lookup.product.table", "products");
        p.put("edge.streams.sales.enrich.lookup.product.key", "sku");
        p.put("edge.streams.sales.filter.keep", "data.qty > 0");
        p.put("edge.streams.telemetry.partitions", "3");
        p.put("edge.streams.telemetry.pipeline", "filter,aggregate");
        p.put("edge.streams.telemetry.filter.keep", "data.sensor.startsWith('fridge')");
        p.put("edge.streams.telemetry.aggregate.window", "1m");
        p.put("edge.streams.telemetry.aggregate.grace", "5s");
        p.put("edge.streams.telemetry.aggregate.fields", "celsius");
        return p;
    }

    @Test
    void aCriticalStreamCannotBeDropOldestWithoutTheExplicitKey() {
        Map<String, String> props = valid();
        props.put("edge.streams.payments.priority", "critical");
        props.put("edge.streams.payments.buffer-policy", "drop-oldest");
        assertThat(ConfigProblems.of(load(props))).singleElement().satisfies(p -> assertThat(p)
                .startsWith("edge.streams.payments.buffer-policy=drop-oldest")
                .contains("edge.streams.payments.allow-drop-critical=true"));
        props.put("edge.streams.payments.allow-drop-critical", "true");
        assertThat(ConfigProblems.of(load(props))).isEmpty();
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
        assertThat(ConfigProblems.of(load(props))).hasSize(7)
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.priority='urgent'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.buffer-policy='drop-newest'"))
                .anySatisfy(p -> assertThat(p).startsWith("edge.streams.sales.max-age="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.sync.max-bytes-per-second="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.sync.weights.bulk="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.max-bytes="))
                .anySatisfy(p -> assertThat(p).startsWith("edge.buffer.low-watermark="));
    }

    @Test
    void theQuotaMustHoldEveryPartitionsActiveSegmentTwice() {
        Map<String, String> props = valid();
        props.put("edge.streams.stock.partitions", "3");
        // sales 3 + stock 3 partitions -> 18 local partitions (raw, curated, dlq) -> 36 MiB at least.
        props.put("edge.buffer.max-bytes", String.valueOf((36L << 20) - 1));
        assertThat(ConfigProblems.of(load(props))).singleElement().asString()
                .startsWith("edge.buffer.max-bytes=").contains("below " + (36L << 20), "active one");
        props.put("edge.buffer.max-bytes", String.valueOf(36L << 20));
        assertThat(ConfigProblems.of(load(props))).isEmpty();
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
        p.put("edge.api.auth", "none");
        return p;
    }

    private static EdgeConfig load(Map<String, String> props) {
        return TestConfigs.load(props);
    }
}
