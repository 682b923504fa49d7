package dev.edgesync.edge.ingest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeRulesTest {

    private static Map<String, String> required() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("specversion", "1.0");
        a.put("id", "1");
        a.put("source", "/s");
        a.put("type", "t");
        return a;
    }

    private static List<String> problems(Map<String, String> a) {
        List<String> problems = new ArrayList<>();
        AttributeRules.validate(a, Instant.MAX, problems);
        return problems;
    }

    @Test
    void rfc3339ReadsOffsetsLowerCaseLeapSecondsAndLongFractions() {
        assertThat(AttributeRules.rfc3339("2026-11-23T07:00:00Z")).hasValue(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(AttributeRules.rfc3339("2026-11-23t08:00:00+01:00")).hasValue(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(AttributeRules.rfc3339("2026-11-23T07:00:00.5z")).hasValue(Instant.parse("2026-11-23T07:00:00.5Z"));
        // A leap second counts as :59; digits past nanoseconds are dropped, not refused.
        assertThat(AttributeRules.rfc3339("2016-12-31T23:59:60Z")).hasValue(Instant.parse("2016-12-31T23:59:59Z"));
        assertThat(AttributeRules.rfc3339("2026-11-23T07:00:00.1234567891234Z"))
                .hasValue(Instant.parse("2026-11-23T07:00:00.123456789Z"));
    }

    @Test
    void rfc3339RefusesWhatIsNotAFullTimestamp() {
        assertThat(AttributeRules.rfc3339("2026-11-23T07:00Z")).isEmpty();
        assertThat(AttributeRules.rfc3339("2026-11-23 07:00:00Z")).isEmpty();
        assertThat(AttributeRules.rfc3339("2026-11-23T07:00:00")).isEmpty();
        assertThat(AttributeRules.rfc3339("2026-13-23T07:00:00Z")).isEmpty();
    }

    @Test
    void namesAreLowerCaseLettersAndDigits() {
        assertThat(AttributeRules.isValidName("partitionkey2")).isTrue();
        assertThat(AttributeRules.isValidName("partitionKey")).isFalse();
        assertThat(AttributeRules.isValidName("partition_key")).isFalse();
        assertThat(AttributeRules.isValidName("")).isFalse();
    }

    @Test
    void theRequiredAttributesAreEnoughAndEachMissingOneIsNamed() {
        assertThat(problems(required())).isEmpty();
        assertThat(problems(Map.of())).containsExactly("missing required attribute 'specversion'",
                "missing required attribute 'id'", "missing required attribute 'source'",
                "missing required attribute 'type'");
    }

    @Test
    void anOverlongValueIsReportedAloneWithoutQuotingIt() {
        Map<String, String> a = required();
        a.put("specversion", "2.0");
        a.put("subject", "x".repeat(AttributeRules.MAX_ATTRIBUTE_CHARS + 1));
        assertThat(problems(a)).containsExactly("attribute 'subject' is " + (AttributeRules.MAX_ATTRIBUTE_CHARS + 1)
                + " characters long; at most " + AttributeRules.MAX_ATTRIBUTE_CHARS + " are accepted");
    }

    @Test
    void tooManyAttributesIsOneProblem() {
        Map<String, String> a = required();
        for (int i = a.size(); i <= AttributeRules.MAX_ATTRIBUTES; i++) {
            a.put("x" + i, "v");
        }
        assertThat(problems(a)).containsExactly("an event has " + (AttributeRules.MAX_ATTRIBUTES + 1)
                + " attributes; at most " + AttributeRules.MAX_ATTRIBUTES + " are accepted");
    }

    @Test
    void dataschemaMustBeAbsoluteAndSourceAReference() {
        Map<String, String> a = required();
        a.put("source", "a b");
        a.put("dataschema", "/relative");
        assertThat(problems(a)).containsExactly("attribute 'source' must be a URI-reference, was 'a b'",
                "attribute 'dataschema' must be an absolute URI, was '/relative'");
    }
}
