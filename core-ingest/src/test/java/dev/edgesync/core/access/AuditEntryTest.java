package dev.edgesync.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEntryTest {

    @Test
    void anEntryIsJsonWithWhoWhatWhenResultAndWhere() throws Exception {
        AuditEntry e = new AuditEntry(Instant.parse("2026-12-03T18:00:00Z"), "ops", "POST", "/v1/sites/store-1/credentials",
                Map.of("id", "store-1"), 200, "10.0.0.7:51234");
        JsonNode j = new ObjectMapper().readTree(e.toJson());
        assertThat(j.path("at").asText()).isEqualTo("2026-12-03T18:00:00Z");
        assertThat(j.path("who").asText()).isEqualTo("ops");
        assertThat(j.path("method").asText()).isEqualTo("POST");
        assertThat(j.path("path").asText()).isEqualTo("/v1/sites/store-1/credentials");
        assertThat(j.path("what").path("id").asText()).isEqualTo("store-1");
        assertThat(j.path("status").asInt()).isEqualTo(200);
        assertThat(j.path("remote").asText()).isEqualTo("10.0.0.7:51234");
        assertThat(e.unanswered().status()).as("connection closed before the answer").isZero();
        assertThat(e.toString()).isEqualTo("who=ops POST /v1/sites/store-1/credentials {id=store-1} -> 200 from 10.0.0.7:51234");
    }
}
