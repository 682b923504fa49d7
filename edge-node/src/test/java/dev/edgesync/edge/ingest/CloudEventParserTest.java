package dev.edgesync.edge.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventParserTest {

    private static final String SAMPLE = "{\"specversion\":\"1.0\",\"id\":\"b307e0f59aa879bbb019\",\"source\":\"/store-042/erp\","
            + "\"type\":\"com.example.retail.stock.move\",\"time\":\"2026-11-23T07:00:00.164000Z\","
            + "\"datacontenttype\":\"application/json\",\"partitionkey\":\"SKU-000000\","
            + "\"data\": {\"sku\": \"SKU-000000\", \"delta\": 48, \"price\": 12.30, \"reason\": \"waste\"}}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String invalidReason(String json) {
        try {
            CloudEventParser.parseStructured(utf8(json));
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().errors()).hasSize(1);
            assertThat(e.problem().errors().get(0).index()).isZero();
            return e.problem().errors().get(0).reason();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void structuredSampleKeepsAttributesAndCompactsDataExactly() {
        CloudEvent e = CloudEventParser.parseStructured(utf8(SAMPLE));
        assertThat(e.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "specversion", "1.0", "id", "b307e0f59aa879bbb019", "source", "/store-042/erp",
                "type", "com.example.retail.stock.move", "time", "2026-11-23T07:00:00.164000Z",
                "partitionkey", "SKU-000000"));
        assertThat(e.dataContentType()).hasValue("application/json");
        // Compact, and the decimal written as sent (not through a double).
        assertThat(new String(e.data(), StandardCharsets.UTF_8))
                .isEqualTo("{\"sku\":\"SKU-000000\",\"delta\":48,\"price\":12.30,\"reason\":\"waste\"}");
        assertThat(e.partitionKey()).hasValue("SKU-000000");
    }

    @Test
    void jsonDataWithoutContentTypeDefaultsToApplicationJson() {
        CloudEvent e = CloudEventParser.parseStructured(utf8(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"data\":\"hello\"}"));
        assertThat(e.dataContentType()).hasValue("application/json");
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("\"hello\"");
    }

    @Test
    void stringDataWithNonJsonContentTypeIsTheText() {
        CloudEvent e = CloudEventParser.parseStructured(utf8("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\","
                + "\"type\":\"t\",\"datacontenttype\":\"text/plain\",\"data\":\"héllo\"}"));
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(e.dataContentType()).hasValue("text/plain");
    }

    @Test
    void dataBase64IsDecodedAndEventWithoutDataHasEmptyValue() {
        CloudEvent e = CloudEventParser.parseStructured(utf8(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"data_base64\":\"AAH/\"}"));
        assertThat(e.data()).containsExactly(0, 1, 0xff);
        assertThat(e.dataContentType()).isEmpty();
        CloudEvent none = CloudEventParser.parseStructured(utf8(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}"));
        assertThat(none.data()).isEmpty();
        assertThat(none.dataContentType()).isEmpty();
    }

    @Test
    void extensionsKeepTheirStringFormAndNullMeansAbsent() {
        CloudEvent e = CloudEventParser.parseStructured(utf8("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\","
                + "\"type\":\"t\",\"till\":7,\"training\":true,\"subject\":null}"));
        assertThat(e.attributes()).containsEntry("till", "7").containsEntry("training", "true")
                .doesNotContainKey("subject");
    }

    @Test
    void requiredAttributesAreChecked() {
        assertThat(invalidReason("{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}"))
                .contains("missing required attribute 'id'");
        assertThat(invalidReason("{\"specversion\":\"1.0\",\"id\":\"\",\"source\":\"s\",\"type\":\"t\"}"))
                .contains("'id' must not be empty");
        assertThat(invalidReason("{\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}"))
                .contains("missing required attribute 'specversion'");
        assertThat(invalidReason("{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}"))
                .contains("unsupported specversion '0.3'");
        assertThat(invalidReason("{\"specversion\":\"1.0\",\"id\":1,\"source\":\"s\",\"type\":\"t\"}"))
                .contains("'id' must be a string");
        // Every problem of the event is reported at once.
        assertThat(invalidReason("{\"specversion\":\"1.0\"}"))
                .contains("'id'").contains("'source'").contains("'type'");
    }

    @Test
    void optionalAttributesAndNamesAreChecked() {
        String base = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",";
        assertThat(invalidReason(base + "\"time\":\"yesterday\"}")).contains("'time'");
        assertThat(invalidReason(base + "\"dataschema\":\"relative/path\"}")).contains("'dataschema'");
        assertThat(invalidReason(base + "\"source2\":{\"a\":1}}")).contains("extension 'source2'");
        assertThat(invalidReason(base + "\"Till\":\"7\"}")).contains("'Till' is not a valid attribute name");
        assertThat(invalidReason(base + "\"data\":1,\"data_base64\":\"AA==\"}")).contains("not both");
        assertThat(invalidReason(base + "\"data_base64\":\"!!\"}")).contains("base64");
        assertThat(invalidReason("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"a b\",\"type\":\"t\"}"))
                .contains("URI-reference");
    }

    @Test
    void hostileSizesAreRefusedWithoutEchoingThem() {
        String base = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",";
        String longSource = "s".repeat(CloudEventParser.MAX_ATTRIBUTE_CHARS + 1);
        String reason = invalidReason(base + "\"source\":\"" + longSource + "\"}");
        assertThat(reason).contains("'source' is 1025 characters long").doesNotContain(longSource);
        assertThat(invalidReason(base + "\"source\":\"" + "s".repeat(CloudEventParser.MAX_ATTRIBUTE_CHARS) + "\",\"x\":\""
                + "y".repeat(5000) + "\"}")).contains("'x' is 5000 characters long");

        StringBuilder many = new StringBuilder(base + "\"source\":\"s\"");
        for (int i = 0; i < CloudEventParser.MAX_ATTRIBUTES; i++) {
            many.append(",\"ext").append(i).append("\":\"v\"");
        }
        assertThat(invalidReason(many + "}")).contains("attributes; at most 64");

        String deep = base + "\"source\":\"s\",\"data\":" + "[".repeat(CloudEventParser.MAX_NESTING_DEPTH + 1)
                + "]".repeat(CloudEventParser.MAX_NESTING_DEPTH + 1) + "}";
        assertThatThrownBy(() -> CloudEventParser.parseStructured(utf8(deep)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).contains("nesting depth");
                });
        String fine = base + "\"source\":\"s\",\"data\":" + "[".repeat(20) + "]".repeat(20) + "}";
        assertThat(CloudEventParser.parseStructured(utf8(fine)).id()).isEqualTo("1");
    }

    @Test
    void malformedBodiesAreRefusedAsMalformed() {
        for (String body : List.of("{\"specversion\":", "[1]", "{} {}", "{\"id\":\"1\",\"id\":\"2\"}", "")) {
            assertThatThrownBy(() -> CloudEventParser.parseStructured(utf8(body)))
                    .as(body).isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.problem().type()).endsWith("malformed-request");
                    });
        }
    }

    @Test
    void batchReportsEveryBadEventByIndex() {
        String good = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}";
        String batch = "[" + good + ",{\"specversion\":\"1.0\"}," + good + ",42]";
        assertThatThrownBy(() -> CloudEventParser.parseBatch(utf8(batch), 10))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(Problem.EventError::index).containsExactly(1, 3);
                });
        assertThat(CloudEventParser.parseBatch(utf8("[" + good + "," + good + "]"), 2)).hasSize(2);
    }

    @Test
    void batchLimits() {
        String good = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}";
        assertThatThrownBy(() -> CloudEventParser.parseBatch(utf8("[]"), 10))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
        assertThatThrownBy(() -> CloudEventParser.parseBatch(utf8("[" + good + "," + good + "]"), 1))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(413));
        assertThatThrownBy(() -> CloudEventParser.parseBatch(utf8(good), 10))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().type()).endsWith("malformed-request"));
    }

    @Test
    void binaryModeReadsCeHeadersPercentDecodedAndBodyAsData() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("SpecVersion", "1.0");
        h.put("id", "42");
        h.put("source", "/store-042/till/3");
        h.put("type", "com.example.retail.sale");
        h.put("comment", "caf%C3%A9 100%");
        CloudEvent e = CloudEventParser.parseBinary(h, "application/xml", utf8("<a/>"));
        assertThat(e.attributes()).containsEntry("specversion", "1.0").containsEntry("comment", "café 100%");
        assertThat(e.dataContentType()).hasValue("application/xml");
        assertThat(e.data()).isEqualTo(utf8("<a/>"));
        assertThat(e.partitionKey()).isEmpty();
    }

    @Test
    void binaryModeChecksAttributesToo() {
        Map<String, String> h = new LinkedHashMap<>(Map.of("specversion", "1.0", "id", "42", "type", "t"));
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, null, new byte[0]))
                .isInstanceOfSatisfying(ProblemException.class, e ->
                        assertThat(e.problem().errors().get(0).reason()).contains("'source'"));
        h.put("source", "s");
        h.put("datacontenttype", "text/plain");
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, null, new byte[0]))
                .isInstanceOfSatisfying(ProblemException.class, e ->
                        assertThat(e.problem().errors().get(0).reason()).contains("Content-Type"));
    }

    @Test
    void modeFollowsContentTypeThenCeSpecVersion() {
        assertThat(CloudEventParser.mode("application/cloudevents+json; charset=UTF-8", false))
                .hasValue(CloudEventParser.Mode.STRUCTURED);
        assertThat(CloudEventParser.mode("Application/CloudEvents-Batch+JSON", true)).hasValue(CloudEventParser.Mode.BATCH);
        assertThat(CloudEventParser.mode("application/json", true)).hasValue(CloudEventParser.Mode.BINARY);
        assertThat(CloudEventParser.mode(null, true)).hasValue(CloudEventParser.Mode.BINARY);
        assertThat(CloudEventParser.mode("application/json", false)).isEqualTo(Optional.empty());
    }

    @Test
    void eventKeysDoNotCollide() {
        assertThat(new EventKey("s", "a", "bc").bytes()).isNotEqualTo(new EventKey("s", "ab", "c").bytes());
        assertThat(new EventKey("s", "a", "b")).isEqualTo(new EventKey("s", "a", "b"));
    }
}
