package dev.edgesync.edge.pipeline;

import dev.edgesync.edge.KeptAppData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The app with a preprocessing pipeline on sales (validate, redact, transform, enrich, filter) and an aggregate on
 * telemetry, on a data dir and broker port kept under the name of the {@code data} arg ({@link KeptAppData}): each
 * test class passes a name of its own, and a restart test's runs share theirs.
 */
public class PreprocessingResource implements QuarkusTestResourceLifecycleManager {

    static final String RES = "src/test/resources/pipeline/";

    private String data = "pre";

    @Override
    public void init(Map<String, String> initArgs) {
        data = initArgs.getOrDefault("data", data);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> c = KeptAppData.settings(data);
        c.put("edge.site.region", "eu-west");
        c.put("edge.site.cloud", "aws");
        c.put("edge.pipeline.hash-secret-file", RES + "hash.secret");
        c.put("edge.pipeline.reference.products.file", RES + "products.csv");
        c.put("edge.pipeline.reference.products.key", "sku");
        c.put("edge.streams.sales.pipeline", "validate,redact,transform,enrich,filter");
        c.put("edge.streams.sales.validate.schema", RES + "sales.schema.json");
        c.put("edge.streams.sales.redact.remove", "customer.email,customer.name,customer.phone");
        c.put("edge.streams.sales.redact.hash", "customer.loyaltyId");
        c.put("edge.streams.sales.transform.rename.cashier", "staffId");
        c.put("edge.streams.sales.transform.drop", "currency");
        c.put("edge.streams.sales.transform.set.schemaVersion", "2");
        c.put("edge.streams.sales.enrich.lookup.product.table", "products");
        c.put("edge.streams.sales.enrich.lookup.product.key", "sku");
        c.put("edge.streams.sales.filter.keep", "data.qty < 6");
        c.put("edge.streams.telemetry.pipeline", "aggregate");
        c.put("edge.streams.telemetry.aggregate.window", "1m");
        c.put("edge.streams.telemetry.aggregate.grace", "5s");
        c.put("edge.streams.telemetry.aggregate.fields", "celsius,kwh");
        c.put("edge.streams.telemetry.aggregate.type", "com.example.retail.reading.minute");
        return c;
    }

    @Override
    public void stop() {
    }
}
