package dev.edgesync.edge.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgesync.edge.pipeline.process.JsonPaths;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running state of one window of one key: events counted, and per field the count, sum, min and max of its
 * numeric values (non-numeric or missing values are skipped for that field). Encoded with a version byte, so the
 * changelog can outlive a format change.
 */
public final class WindowAcc {

    private static final byte VERSION = 1;

    private long count;
    private final Map<String, Stats> fields = new LinkedHashMap<>();

    /** Per-field statistics. */
    public static final class Stats {
        long n;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        public long n() {
            return n;
        }

        public double sum() {
            return sum;
        }

        public double min() {
            return min;
        }

        public double max() {
            return max;
        }
    }

    public long count() {
        return count;
    }

    public Map<String, Stats> fields() {
        return fields;
    }

    /** Adds one event's data. */
    public void add(JsonNode data, List<String> names) {
        count++;
        for (String f : names) {
            Stats s = fields.computeIfAbsent(f, x -> new Stats());
            JsonNode v = JsonPaths.get(data, f);
            if (v != null && v.isNumber()) {
                double d = v.asDouble();
                s.n++;
                s.sum += d;
                s.min = Math.min(s.min, d);
                s.max = Math.max(s.max, d);
            }
        }
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + fields.size() * 40);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(count);
            out.writeInt(fields.size());
            for (Map.Entry<String, Stats> e : fields.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().n);
                out.writeDouble(e.getValue().sum);
                out.writeDouble(e.getValue().min);
                out.writeDouble(e.getValue().max);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static WindowAcc decode(byte[] b) {
        WindowAcc a = new WindowAcc();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            byte v = in.readByte();
            if (v != VERSION) {
                throw new IllegalStateException("unknown window state version " + v);
            }
            a.count = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Stats s = new Stats();
                String name = in.readUTF();
                s.n = in.readLong();
                s.sum = in.readDouble();
                s.min = in.readDouble();
                s.max = in.readDouble();
                a.fields.put(name, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt window state", e);
        }
        return a;
    }

    /**
     * The result as JSON: {@code count} and, per field that had a numeric value in the window, the requested
     * functions. A field with no value is left out (a stream mixing sensor kinds would otherwise ship empty stats).
     */
    public void writeResult(ObjectNode out, List<String> names, java.util.Set<String> functions) {
        out.put("count", count);
        for (String f : names) {
            Stats s = fields.get(f);
            if (s == null || s.n == 0) {
                continue;
            }
            ObjectNode o = out.putObject(f);
            if (functions.contains("count")) {
                o.put("count", s.n);
            }
            if (functions.contains("sum")) {
                o.put("sum", s.sum);
            }
            if (functions.contains("min")) {
                o.put("min", s.min);
            }
            if (functions.contains("max")) {
                o.put("max", s.max);
            }
            if (functions.contains("avg")) {
                o.put("avg", s.sum / s.n);
            }
        }
    }
}
