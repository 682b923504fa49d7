package dev.edgesync.edge.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a reference table file into rows: CSV with a header line (RFC 4180 quoting; every value a string) or JSON
 * lines (one object per line). The row key is the value of the configured key column; a row without it is an
 * error naming the line.
 */
public final class ReferenceFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceFiles() {
    }

    /**
     * {@code csv} or {@code jsonl}, from the file name when {@code format} is "auto".
     *
     * @throws IllegalArgumentException for any other format name: never read as JSON lines by default
     */
    public static String formatOf(Path file, String format) {
        if ("csv".equals(format) || "jsonl".equals(format)) {
            return format;
        }
        if (!"auto".equals(format)) {
            throw new IllegalArgumentException("'" + format + "' is unknown: use auto, csv or jsonl");
        }
        String n = file.getFileName().toString().toLowerCase();
        return n.endsWith(".csv") ? "csv" : "jsonl";
    }

    public static List<ReferenceTables.Row> read(Path file, String format, String keyColumn) throws IOException {
        List<ReferenceTables.Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if ("csv".equals(formatOf(file, format))) {
                String header = in.readLine();
                if (header == null) {
                    return rows;
                }
                List<String> columns = csvLine(header);
                int lineNo = 1;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    List<String> values = csvLine(line);
                    ObjectNode row = JSON.createObjectNode();
                    for (int i = 0; i < columns.size() && i < values.size(); i++) {
                        row.put(columns.get(i), values.get(i));
                    }
                    rows.add(new ReferenceTables.Row(keyOf(row, keyColumn, file, lineNo), row));
                }
            } else {
                int lineNo = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    if (!(n instanceof ObjectNode row)) {
                        throw new IOException(file + " line " + lineNo + " is not a JSON object");
                    }
                    rows.add(new ReferenceTables.Row(keyOf(row, keyColumn, file, lineNo), row));
                }
            }
        }
        return rows;
    }

    private static String keyOf(ObjectNode row, String keyColumn, Path file, int lineNo) throws IOException {
        JsonNode k = row.get(keyColumn);
        if (k == null || k.isNull() || k.isContainerNode() || k.asText().isEmpty()) {
            throw new IOException(file + " line " + lineNo + " has no value in key column '" + keyColumn + "'");
        }
        return k.asText();
    }

    /** Splits one CSV line; quoted fields may hold commas and doubled quotes (not line breaks). */
    static List<String> csvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
