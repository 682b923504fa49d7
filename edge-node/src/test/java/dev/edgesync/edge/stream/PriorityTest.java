package dev.edgesync.edge.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriorityTest {

    @Test
    void everyClassParsesFromItsWireName() {
        for (Priority p : Priority.values()) {
            assertThat(Priority.parse(p.wireName())).isEqualTo(p);
        }
    }

    @Test
    void anUnknownNameIsAnErrorNamingTheKnownOnesNeverADefault() {
        for (String name : new String[]{"urgent", "CRITICAL", "", null}) {
            assertThatThrownBy(() -> Priority.parse(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + name + "' is unknown: use critical, normal or bulk");
        }
    }
}
