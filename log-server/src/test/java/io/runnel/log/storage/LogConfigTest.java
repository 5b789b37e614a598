package io.runnel.log.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {

  /** The settings table of the README is the documentation users read: it must match the code. */
  @Test
  void theReadmeTableListsEveryKeyWithItsDefault() throws java.io.IOException {
    java.nio.file.Path readme = java.nio.file.Path.of("..", "README.md");
    java.util.Map<String, String> documented = new java.util.LinkedHashMap<>();
    java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| `([a-z.]+)` \\| ([^|]+) \\|");
    for (String line : java.nio.file.Files.readAllLines(readme)) {
      java.util.regex.Matcher m = row.matcher(line);
      if (m.find()) {
        documented.put(m.group(1), m.group(2).trim());
      }
    }
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(LogConfig.names());
    for (LogConfig.Key key : LogConfig.NUMERIC_KEYS) {
      String expected = key.defaultValue() == Long.MAX_VALUE ? "unlimited" : Long.toString(key.defaultValue());
      assertThat(documented.get(key.name())).as(key.name()).isEqualTo(expected);
    }
    assertThat(documented.get(LogConfig.CLEANUP_POLICY)).isEqualTo("delete");
    assertThat(documented.get(LogConfig.MIN_CLEANABLE_DIRTY_RATIO)).isEqualTo("0.5");
    assertThat(documented.get(LogConfig.MESSAGE_TIMESTAMP_TYPE)).isEqualTo("CreateTime");
  }

  @Test
  void defaultsAreKafkas() {
    LogConfig c = LogConfig.defaults();
    assertThat(c.segmentBytes()).isEqualTo(1 << 30);
    assertThat(c.retentionMs()).isEqualTo(604_800_000L);
    assertThat(c.retentionBytes()).isEqualTo(-1);
    assertThat(c.indexIntervalBytes()).isEqualTo(4096);
    assertThat(c.maxMessageBytes()).isEqualTo(1_048_588);
    assertThat(c.deleteEnabled()).isTrue();
    assertThat(c.compactEnabled()).isFalse();
  }

  @Test
  void parsesCleanupPolicies() {
    LogConfig both = LogConfig.of(Map.of("cleanup.policy", "compact,delete"));
    assertThat(both.compactEnabled()).isTrue();
    assertThat(both.deleteEnabled()).isTrue();
    assertThat(LogConfig.of(Map.of("cleanup.policy", "compact")).deleteEnabled()).isFalse();
  }

  @Test
  void badValuesNameTheKeyAndTheRange() {
    assertThatThrownBy(() -> LogConfig.of(Map.of("segment.bytes", "ten")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("invalid value 'ten' for topic config segment.bytes: must be a whole number from 61 to 2147483647");
    assertThatThrownBy(() -> LogConfig.of(Map.of("retention.ms", "-5")))
        .hasMessageContaining("retention.ms: must be from -1");
    assertThatThrownBy(() -> LogConfig.of(Map.of("cleanup.policy", "forever")))
        .hasMessageContaining("use delete, compact, or compact,delete");
    assertThatThrownBy(() -> LogConfig.of(Map.of("min.cleanable.dirty.ratio", "2")))
        .hasMessageContaining("must be a number from 0 to 1");
  }

  @Test
  void timestampTypeIsCreateTimeOrLogAppendTime() {
    assertThat(LogConfig.defaults().logAppendTime()).isFalse();
    assertThat(LogConfig.of(Map.of("message.timestamp.type", "LogAppendTime")).logAppendTime()).isTrue();
    assertThat(LogConfig.of(Map.of("message.timestamp.type", "CreateTime")).valueOf("message.timestamp.type"))
        .isEqualTo("CreateTime");
    assertThatThrownBy(() -> LogConfig.of(Map.of("message.timestamp.type", "Now")))
        .hasMessageContaining("message.timestamp.type: use CreateTime or LogAppendTime");
  }

  @Test
  void unknownKeysAreRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> LogConfig.of(Map.of("segment.byte", "100")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown topic config 'segment.byte'")
        .hasMessageContaining("segment.bytes");
  }

  @Test
  void withOverridesKeepsTheOtherExplicitValues() {
    LogConfig c = LogConfig.of(Map.of("retention.ms", "1000")).with(Map.of("segment.bytes", "5000"));
    assertThat(c.retentionMs()).isEqualTo(1000);
    assertThat(c.segmentBytes()).isEqualTo(5000);
    assertThat(c.originals()).containsOnlyKeys("retention.ms", "segment.bytes");
  }
}
