package dev.edgesync.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    @Test
    void roundTrips() {
        Checkpoint c = new Checkpoint("sales", 3, 1_234_567_890_123L, 42L, 1_700_000_000_000L);
        assertThat(Checkpoint.decode(c.encodeKey(), c.encodeValue())).isEqualTo(c);
    }

    @Test
    void logIdRoundTripsAndOldRecordsWithoutItStillDecode() {
        UUID log = UUID.randomUUID();
        Checkpoint c = new Checkpoint("sales", 3, 100, 42, 1_700_000_000_000L, Optional.of(log));
        assertThat(Checkpoint.decode(c.encodeKey(), c.encodeValue()).logId()).contains(log);
        // A record written without the log id (the original layout) decodes with none.
        byte[] old = Arrays.copyOf(c.encodeValue(), 2 + 8 + 8 + 8);
        assertThat(Checkpoint.decode(c.encodeKey(), old)).isEqualTo(new Checkpoint("sales", 3, 100, 42, 1_700_000_000_000L));
        // A reader of the original layout reads the fixed fields first, so the appended id does not disturb it.
        assertThat(java.nio.ByteBuffer.wrap(c.encodeValue(), 2, 24).getLong()).isEqualTo(100);
    }

    @Test
    void keyDependsOnlyOnIdentitySoCompactionKeepsTheLatest() {
        Checkpoint a = new Checkpoint("sales", 1, 10, 20, 1);
        Checkpoint b = new Checkpoint("sales", 1, 99, 120, 2);
        assertThat(a.encodeKey()).isEqualTo(b.encodeKey());
        assertThat(a.encodeKey()).isNotEqualTo(new Checkpoint("sales", 2, 10, 20, 1).encodeKey());
    }

    @Test
    void rejectsTruncatedAndFutureVersions() {
        Checkpoint c = new Checkpoint("sales", 0, 1, 1, 1);
        byte[] value = c.encodeValue();
        assertThatThrownBy(() -> Checkpoint.decode(c.encodeKey(), Arrays.copyOf(value, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        value[1] = 9;
        assertThatThrownBy(() -> Checkpoint.decode(c.encodeKey(), value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> Checkpoint.decode(null, value)).isInstanceOf(IllegalArgumentException.class);
    }
}
