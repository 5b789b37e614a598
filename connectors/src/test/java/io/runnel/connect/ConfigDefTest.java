package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
  private final ConfigDef def =
      new ConfigDef()
          .required("topic", ConfigDef.Type.STRING, "the topic")
          .define("batch", ConfigDef.Type.INT, "10", "batch size")
          .define("interval.ms", ConfigDef.Type.LONG, "5000", "interval")
          .define("enabled", ConfigDef.Type.BOOLEAN, "true", "on or off")
          .define("topics", ConfigDef.Type.LIST, "", "topics");

  @Test
  void parsesTypedValuesAndDefaultsAndKeepsUnknownKeys() {
    ParsedConfig parsed =
        def.parse(Map.of("topic", "t", "batch", " 20 ", "topics", "a, b,,c", "extra", "x"));

    assertThat(parsed.getString("topic")).isEqualTo("t");
    assertThat(parsed.getInt("batch")).isEqualTo(20);
    assertThat(parsed.getLong("interval.ms")).isEqualTo(5000L);
    assertThat(parsed.getBoolean("enabled")).isTrue();
    assertThat(parsed.getList("topics")).isEqualTo(List.of("a", "b", "c"));
    assertThat(parsed.originals()).containsEntry("extra", "x");
  }

  @Test
  void aMissingRequiredKeyIsNamed() {
    assertThatThrownBy(() -> def.parse(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'topic'")
        .hasMessageContaining("required")
        .extracting(e -> ((ConfigException) e).key())
        .isEqualTo("topic");
  }

  @Test
  void aValueOfTheWrongTypeIsNamed() {
    assertThatThrownBy(() -> def.parse(Map.of("topic", "t", "batch", "ten")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'batch'")
        .hasMessageContaining("'ten'");
    assertThatThrownBy(() -> def.parse(Map.of("topic", "t", "enabled", "yes")))
        .hasMessageContaining("'enabled'");
  }

  @Test
  void aValueBelowItsMinimumIsNamed() {
    ParsedConfig parsed = def.parse(Map.of("topic", "t", "batch", "0"));
    assertThatThrownBy(() -> parsed.getInt("batch", 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'batch'")
        .hasMessageContaining("at least 1");
  }

  @Test
  void aKeyCannotBeDefinedTwice() {
    assertThatThrownBy(() -> def.define("batch", ConfigDef.Type.INT, "1", "again"))
        .hasMessageContaining("batch");
  }
}
