package io.runnel.streams.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class KeyPartitionerTest {

  @Test
  void murmur2MatchesKafkasPublishedVectors() {
    // Vectors from Kafka's own murmur2 tests: if these move, partitioning no longer agrees.
    assertThat(Utils.murmur2("21".getBytes(UTF_8))).isEqualTo(-973932308);
    assertThat(Utils.murmur2("foobar".getBytes(UTF_8))).isEqualTo(-790332482);
    assertThat(Utils.murmur2("a-little-bit-long-string".getBytes(UTF_8))).isEqualTo(-985981536);
  }

  @Test
  void partitionIsPositiveHashModuloCount() {
    byte[] key = "21".getBytes(UTF_8);
    // -973932308 & 0x7fffffff = 1173551340; 1173551340 % 4 = 0, % 7 = 2.
    assertThat(KeyPartitioner.partition(key, 4)).isEqualTo(1173551340 % 4);
    assertThat(KeyPartitioner.partition(key, 7)).isEqualTo(1173551340 % 7);
  }

  @Test
  void rejectsNullKeysAndNoPartitions() {
    assertThatThrownBy(() -> KeyPartitioner.partition(null, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPartitioner.partition(new byte[1], 0))
        .hasMessageContaining("partition count");
  }
}
