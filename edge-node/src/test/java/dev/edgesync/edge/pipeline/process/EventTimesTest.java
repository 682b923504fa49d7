package dev.edgesync.edge.pipeline.process;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTimesTest {

    @Test
    void theFastPathAgreesWithJavaTimeOnEveryForm() {
        for (String t : new String[]{"2026-11-23T07:00:00.164000Z", "2026-11-23T07:00:00Z", "2026-11-23T07:00:00.1Z",
                "2026-11-23T07:00:00.123456789Z", "1969-12-31T23:59:59.999Z", "2024-02-29T12:00:00.05Z",
                "2026-11-23T08:00:00.5+01:00", "2026-11-23t07:00:00z"}) {
            assertThat(EventTimes.parseMillis(t)).as(t).isEqualTo(OffsetDateTime.parse(t.toUpperCase()).toInstant().toEpochMilli());
        }
    }

    @Test
    void invalidTimesAreRejected() {
        for (String t : new String[]{"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-23T24:00:00Z",
                "yesterday"}) {
            assertThatThrownBy(() -> EventTimes.parseMillis(t)).as(t).isInstanceOf(DateTimeParseException.class);
        }
    }
}
