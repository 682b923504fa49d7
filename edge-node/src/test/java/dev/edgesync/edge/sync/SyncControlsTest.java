package dev.edgesync.edge.sync;

import dev.edgesync.edge.config.TestConfigs;
import dev.edgesync.edge.stream.Priority;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncControlsTest {

    @Test
    void theDrainPolicyTakesEachStreamsPriorityByName() {
        Map<String, String> props = valid();
        props.put("edge.streams.payments.partitions", "1");
        props.put("edge.streams.payments.priority", "critical");
        props.put("edge.streams.logs.partitions", "1");
        props.put("edge.streams.logs.priority", "bulk");
        DrainPolicy policy = SyncControls.policy(TestConfigs.load(props));
        assertThat(policy.priority("payments")).isEqualTo(Priority.CRITICAL);
        assertThat(policy.priority("logs")).isEqualTo(Priority.BULK);
        assertThat(policy.priority("sales")).isEqualTo(Priority.NORMAL);
    }

    @Test
    void anUnknownPriorityNameIsAnErrorNotNormal() {
        Map<String, String> props = valid();
        props.put("edge.streams.sales.priority", "urgent");
        assertThatThrownBy(() -> SyncControls.policy(TestConfigs.load(props)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'urgent' is unknown");
    }

    private static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("edge.site.id", "store-042");
        p.put("edge.streams.sales.partitions", "3");
        return p;
    }
}
