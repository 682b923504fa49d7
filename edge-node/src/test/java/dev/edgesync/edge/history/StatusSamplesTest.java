package dev.edgesync.edge.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatusSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void readsBacklogAndLinkFromTodaysStatusAndLeavesMissingFieldsNull() throws Exception {
        StatusSample s = StatusSamples.of(JSON.readTree("""
                {"site":{"id":"s"},"link":{"state":"disabled"},
                 "streams":{"sales":{"backlog":12,"curatedEndOffsets":[4,4,4]},"stock":{"backlog":0}}}"""), AT);
        assertThat(s.at()).isEqualTo(AT);
        assertThat(s.link()).isEqualTo("disabled");
        assertThat(s.streams()).containsOnlyKeys("sales", "stock");
        assertThat(s.streams().get("sales")).isEqualTo(new StatusSample.Stream(12, null));
        assertThat(s.bufferUsedBytes()).isNull();
    }

    @Test
    void readsBytesAndBufferWhenTheStatusReportsThem() throws Exception {
        StatusSample s = StatusSamples.of(JSON.readTree("""
                {"link":{"state":"up"},"buffer":{"usedBytes":2048,"maxBytes":4096},
                 "streams":{"sales":{"backlog":3,"backlogBytes":900,"oldestUnsentAgeSeconds":7}}}"""), AT);
        assertThat(s.streams().get("sales")).isEqualTo(new StatusSample.Stream(3, 900L));
        assertThat(s.bufferUsedBytes()).isEqualTo(2048L);
    }
}
