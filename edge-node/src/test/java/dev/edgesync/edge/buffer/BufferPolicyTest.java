package dev.edgesync.edge.buffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferPolicyTest {

    @Test
    void everyPolicyParsesFromItsWireName() {
        assertThat(BufferPolicy.parse("reject")).isEqualTo(BufferPolicy.REJECT);
        assertThat(BufferPolicy.parse("drop-oldest")).isEqualTo(BufferPolicy.DROP_OLDEST);
    }

    @Test
    void anUnknownNameIsAnErrorNamingTheKnownOnesNeverReject() {
        for (String name : new String[]{"drop-newest", "REJECT", "drop_oldest", "", null}) {
            assertThatThrownBy(() -> BufferPolicy.parse(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + name + "' is unknown: use reject or drop-oldest");
        }
    }
}
