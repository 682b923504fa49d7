package dev.edgesync.core.relay;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionChooserTest {

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheLandingPartitionWhenTheTargetHasIt() {
        assertThat(PartitionChooser.choose(0, key("a"), 3)).isZero();
        assertThat(PartitionChooser.choose(2, key("a"), 3)).isEqualTo(2);
        assertThat(PartitionChooser.choose(2, null, 5)).isEqualTo(2);
    }

    @Test
    void hashesTheKeyLikeKafkaWhenTheTargetIsSmaller() {
        int expected = Utils.toPositive(Utils.murmur2(key("store-1:sku-9"))) % 3;
        assertThat(PartitionChooser.choose(4, key("store-1:sku-9"), 3)).isEqualTo(expected);
    }

    @Test
    void isAPureFunctionSoOneKeyOfOnePartitionAlwaysGoesToOnePartition() {
        for (int i = 0; i < 100; i++) {
            assertThat(PartitionChooser.choose(7, key("k" + i), 3)).isEqualTo(PartitionChooser.choose(7, key("k" + i), 3))
                    .isBetween(0, 2);
        }
    }

    @Test
    void keylessRecordsOfAHighPartitionWrapAround() {
        assertThat(PartitionChooser.choose(4, null, 3)).isEqualTo(1);
    }

    @Test
    void refusesAnEmptyTarget() {
        assertThatThrownBy(() -> PartitionChooser.choose(0, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
