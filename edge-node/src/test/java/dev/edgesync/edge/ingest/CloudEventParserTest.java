package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.Problem;

import dev.edgesync.edge.problem.ProblemException;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    void timeIsRfc3339WithSecondsAndNotFarAhead() {
        String base = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"time\":";
        assertThat(invalidReason(base + "\"2018-04-05T18:31Z\"}")).contains("'time'", "with seconds");
        for (String bad : List.of("2018-04-05", "2018-04-05T18:31:00", "2018-04-05 18:31:00Z", "2018-04-05T18:31:00+0100",
                "2018-13-05T18:31:00Z", "2018-04-05T25:00:00Z", "2018-04-05T18:31:00.Z", "+2018-04-05T18:31:00Z")) {
            assertThat(invalidReason(base + "\"" + bad + "\"}")).as(bad).contains("'time'");
        }
        for (String good : List.of("2018-04-05T18:31:00Z", "2018-04-05t18:31:00.1234567891z", "2018-04-05T18:31:00+05:30",
                "2016-12-31T23:59:60Z")) {
            assertThat(CloudEventParser.parseStructured(utf8(base + "\"" + good + "\"}")).attributes())
                    .as(good).containsEntry("time", good);
        }

        Instant latest = Instant.parse("2026-12-04T12:00:00Z");
        assertThatThrownBy(() -> CloudEventParser.parseStructured(utf8(base + "\"9999-12-31T23:59:59Z\"}"), latest))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors().get(0).reason()).contains("edge.ingest.max-time-ahead", "9999");
                });
        assertThat(CloudEventParser.parseStructured(utf8(base + "\"2026-12-04T12:00:00Z\"}"), latest).id()).isEqualTo("1");
        assertThatThrownBy(() -> CloudEventParser.parseStructured(utf8(base + "\"2026-12-04T12:00:00.001Z\"}"), latest))
                .isInstanceOf(ProblemException.class);
        Map<String, String> h = new LinkedHashMap<>(Map.of("specversion", "1.0", "id", "1", "source", "s", "type", "t",
                "time", "9999-12-31T23:59:59Z"));
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, null, new byte[0], latest))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void dataContentTypeIsAMediaTypeAndExtensionsAreCloudEventsTypes() {
        String base = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",";
        for (String bad : List.of("xyz", "application/", "/json", "application/json;", "application/json; charset",
                "text/plain; charset=\\\"utf-8", "app lication/json", "application/json/x")) {
            assertThat(invalidReason(base + "\"datacontenttype\":\"" + bad + "\"}")).as(bad)
                    .contains("'datacontenttype' must be a media type");
        }
        for (String good : List.of("application/json", "text/plain; charset=utf-8", "application/vnd.a+json;v=2;q=\\\"a b\\\"",
                "Application/Octet-Stream")) {
            assertThat(CloudEventParser.parseStructured(utf8(base + "\"datacontenttype\":\"" + good + "\"}"))
                    .dataContentType()).as(good).isPresent();
        }
        assertThat(invalidReason(base + "\"dataschema\":\"http://a b\"}")).contains("'dataschema'");
        assertThat(invalidReason(base + "\"big\":2147483648}")).contains("extension 'big'", "32-bit");
        assertThat(CloudEventParser.parseStructured(utf8(base + "\"big\":-2147483648}")).attributes())
                .containsEntry("big", "-2147483648");
        assertThat(invalidReason(base + "\"num\":1.5}")).contains("extension 'num'");
        assertThat(invalidReason(base + "\"ce_x\":\"1\"}")).contains("'ce_x' is not a valid attribute name");
        Map<String, String> h = new LinkedHashMap<>(Map.of("specversion", "1.0", "id", "1", "source", "s", "type", "t"));
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, "xyz", new byte[0]))
                .isInstanceOfSatisfying(ProblemException.class, e ->
                        assertThat(e.problem().errors().get(0).reason()).contains("Content-Type must be a media type"));
    }

    @Test
    void invalidUtf8IsRefusedNeverReplaced() {
        byte[] prefix = utf8("{\"specversion\":\"1.0\",\"id\":\"");
        byte[] suffix = utf8("\",\"source\":\"s\",\"type\":\"t\"}");
        for (byte[] bad : List.of(new byte[]{(byte) 0xff}, new byte[]{(byte) 0xc0, (byte) 0xaf},
                new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[]{(byte) 0xe2, (byte) 0x82})) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            assertThatThrownBy(() -> CloudEventParser.parseStructured(body))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.problem().detail()).contains("not valid UTF-8");
                    });
            assertThatThrownBy(() -> CloudEventParser.parseBatch(body, 10)).isInstanceOf(ProblemException.class);
        }
        // Escapes that decode to half a character: no Unicode text either.
        String base = "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\",";
        assertThat(invalidReason(base + "\"id\":\"a\\ud800\"}")).contains("'id'", "unpaired surrogate");
        assertThat(invalidReason(base + "\"id\":\"a\\udc00b\"}")).contains("unpaired surrogate");
        assertThat(invalidReason(base + "\"id\":\"1\",\"data\":{\"x\":[\"\\ud83d\"]}}")).contains("'data'");
        assertThat(invalidReason(base + "\"id\":\"1\",\"datacontenttype\":\"text/plain\",\"data\":\"\\ude00\"}"))
                .contains("'data'");
        assertThat(CloudEventParser.parseStructured(utf8(base + "\"id\":\"\\ud83d\\ude00\"}")).id()).isEqualTo("\ud83d\ude00");

        Map<String, String> h = new LinkedHashMap<>(Map.of("specversion", "1.0", "source", "s", "type", "t"));
        h.put("id", "%C3%28");
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, null, new byte[0]))
                .isInstanceOfSatisfying(ProblemException.class, e ->
                        assertThat(e.problem().errors().get(0).reason()).contains("ce-id", "not valid UTF-8"));
        h.put("id", "caf\u00c3\u00a9"); // raw UTF-8 bytes of "café" as the server reads them: one char per byte
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, null, new byte[0]))
                .isInstanceOfSatisfying(ProblemException.class, e ->
                        assertThat(e.problem().errors().get(0).reason()).contains("ce-id", "percent-encode"));
        h.put("id", "caf%C3%A9");
        assertThat(CloudEventParser.parseBinary(h, null, new byte[0]).id()).isEqualTo("caf\u00e9");
        byte[] notUtf8 = {'{', '"', (byte) 0xff, '"', '}'};
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, "application/json", notUtf8))
                .isInstanceOfSatisfying(ProblemException.class, e ->
                        assertThat(e.problem().errors().get(0).reason()).contains("not valid UTF-8"));
        assertThatThrownBy(() -> CloudEventParser.parseBinary(h, "text/csv", notUtf8)).isInstanceOf(ProblemException.class);
        // Binary data is bytes, not text: any bytes go.
        assertThat(CloudEventParser.parseBinary(h, "application/octet-stream", notUtf8).data()).isEqualTo(notUtf8);
        assertThat(CloudEventParser.parseBinary(h, "text/plain; charset=iso-8859-1", notUtf8).data()).isEqualTo(notUtf8);
    }

    @Test
    void eventKeysDoNotCollide() {
        assertThat(new EventKey("s", "a", "bc").bytes()).isNotEqualTo(new EventKey("s", "ab", "c").bytes());
        assertThat(new EventKey("s", "a", "b")).isEqualTo(new EventKey("s", "a", "b"));
    }
}
