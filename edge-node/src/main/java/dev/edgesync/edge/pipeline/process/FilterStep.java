package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps or drops events by a CEL expression (Common Expression Language: no side effects, no loops beyond
 * bounded macros, so safe to take from configuration). Variables: {@code data} (the event data), {@code ce}
 * (CloudEvents attributes by name, e.g. {@code ce.type}) and {@code key} (the record key, "" when none).
 * True keeps, false drops; an expression that fails on an event (e.g. a missing field without {@code has()})
 * or yields no boolean rejects the event to the dlq, so nothing disappears silently.
 */
public final class FilterStep implements Step {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(10_000)
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("data", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("ce", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("key", SimpleType.STRING)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private final String expression;
    private final CelRuntime.Program program;

    public FilterStep(String expression) {
        this.expression = expression;
        CelValidationResult r = COMPILER.compile(expression);
        if (r.hasError()) {
            throw new IllegalArgumentException("invalid CEL expression '" + expression + "': " + r.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = r.getAst();
            this.program = RUNTIME.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("invalid CEL expression '" + expression + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public Verdict apply(PipelineEvent event) {
        Map<String, Object> vars = new HashMap<>(4);
        try {
            vars.put("data", toCel(event.data()));
        } catch (PipelineEvent.NotJsonException e) {
            return Verdict.reject("filter: " + e.getMessage());
        }
        vars.put("ce", attributes(event));
        vars.put("key", event.key() == null ? "" : new String(event.key(), StandardCharsets.UTF_8));
        Object result;
        try {
            result = program.eval(vars);
        } catch (CelEvaluationException e) {
            return Verdict.reject("filter: '" + expression + "' failed: " + e.getMessage());
        }
        if (result instanceof Boolean keep) {
            return keep ? Verdict.CONTINUE : Verdict.drop("filter: '" + expression + "' is false");
        }
        return Verdict.reject("filter: '" + expression + "' gave " + result + ", not a boolean");
    }

    private static Map<String, String> attributes(PipelineEvent event) {
        Map<String, String> ce = new HashMap<>();
        for (Header h : event.headers()) {
            if (h.key().startsWith("ce_") && h.value() != null) {
                ce.put(h.key().substring(3), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return ce;
    }

    /** JSON to the Java values CEL expects: Long for integers, Double for decimals, Map and List. */
    static Object toCel(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT: {
                Map<String, Object> m = new HashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.put(e.getKey(), toCel(e.getValue()));
                }
                return m;
            }
            case ARRAY: {
                List<Object> l = new ArrayList<>(n.size());
                n.forEach(x -> l.add(toCel(x)));
                return l;
            }
            case NUMBER:
                return n.isIntegralNumber() && n.canConvertToLong() ? (Object) n.asLong() : (Object) n.asDouble();
            case BOOLEAN:
                return n.asBoolean();
            case STRING:
                return n.asText();
            default:
                return dev.cel.common.values.NullValue.NULL_VALUE;
        }
    }
}
