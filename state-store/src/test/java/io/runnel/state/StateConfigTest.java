package io.runnel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateConfigTest {
  @Test
  void defaultsFitASmallMachine() {
    StateConfig config = StateConfig.defaults();

    assertThat(config.blockCacheBytes()).isEqualTo(64L << 20);
    assertThat(config.writeBufferManagerBytes()).isEqualTo(32L << 20);
    assertThat(config.cacheMaxBytes()).isEqualTo(10L << 20);
    assertThat(config.kryoRegistrationRequired()).isTrue();
    assertThat(config.configSetter()).isEmpty();
  }

  @Test
  void valuesAreReadFromTextAndOtherKeysAreIgnored() {
    StateConfig config =
        StateConfig.from(
            Map.of(
                "rocksdb.block.cache.bytes", " 1048576 ",
                "statestore.cache.max.bytes", 0,
                "serde.kryo.registration.required", "FALSE",
                "application.id", "app"));

    assertThat(config.blockCacheBytes()).isEqualTo(1 << 20);
    assertThat(config.cacheMaxBytes()).isZero();
    assertThat(config.kryoRegistrationRequired()).isFalse();
  }

  @Test
  void aBadValueIsReportedWithItsKey() {
    assertThatThrownBy(() -> StateConfig.from(Map.of("rocksdb.block.cache.bytes", "64MB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid value '64MB' for config 'rocksdb.block.cache.bytes': expected a number of"
                + " bytes >= 0");
    assertThatThrownBy(() -> StateConfig.from(Map.of("rocksdb.write.buffer.manager.bytes", "0")))
        .hasMessageContaining("'rocksdb.write.buffer.manager.bytes'");
    assertThatThrownBy(() -> StateConfig.from(Map.of("serde.kryo.registration.required", "yes")))
        .hasMessageContaining("'serde.kryo.registration.required': expected true or false");
    assertThatThrownBy(
            () -> StateConfig.from(Map.of("serde.kryo.registrations", "com.nope.Missing")))
        .hasMessageContaining("'com.nope.Missing'")
        .hasMessageContaining("a class on the class path");
    assertThatThrownBy(() -> StateConfig.from(Map.of("rocksdb.config.setter", "java.lang.String")))
        .hasMessageContaining("a class implementing RocksDBConfigSetter");
  }

  @Test
  void theReadmeDocumentsEveryKeyWithItsDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"));

    for (StateConfig.Key key : StateConfig.KEYS) {
      String row = "| `" + key.name() + "` | `" + key.defaultValue() + "` |";
      assertThat(readme).as("README row for " + key.name()).contains(row);
    }
  }
}
