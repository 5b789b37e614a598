package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsConfigTest {

  @Test
  void readmeTableListsEveryKeyWithItsDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    for (StreamsConfig.Key key : StreamsConfig.KEYS) {
      String shown =
          key.defaultValue() == null
              ? "(required)"
              : "`"
                  + key.defaultValue()
                      .replace(System.getProperty("java.io.tmpdir"), "${java.io.tmpdir}")
                  + "`";
      assertThat(readme).contains("| `" + key.name() + "` | " + shown + " |");
    }
  }

  @Test
  void appliesDefaults() {
    StreamsConfig config =
        StreamsConfig.from(Map.of("application.id", "app", "log.backend", "memory"));
    assertThat(config.commitIntervalMs()).isEqualTo(30_000);
    assertThat(config.stateDir().toString()).endsWith("runnel-streams");
    assertThat(config.stateConfig().cacheMaxBytes()).isEqualTo(10L << 20);
    assertThat(config.numStreamThreads()).isEqualTo(1);
    assertThat(config.groupInstanceId()).isNull();
    assertThat(config.applicationServer()).isNull();
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertThatThrownBy(() -> StreamsConfig.from(Map.of("log.backend", "memory")))
        .hasMessageContaining("'application.id'");
    assertThatThrownBy(() -> StreamsConfig.from(Map.of("application.id", "a")))
        .hasMessageContaining("'bootstrap.servers'");
    assertThatThrownBy(
            () ->
                StreamsConfig.from(
                    Map.of(
                        "application.id",
                        "a",
                        "log.backend",
                        "memory",
                        "commit.interval.ms",
                        "-1")))
        .hasMessageContaining("'commit.interval.ms'");
    assertThatThrownBy(
            () ->
                StreamsConfig.from(
                    Map.of(
                        "application.id", "a", "log.backend", "memory", "num.stream.threads", "0")))
        .hasMessageContaining("'num.stream.threads'");
    assertThatThrownBy(
            () ->
                StreamsConfig.from(
                    Map.of(
                        "application.id",
                        "a",
                        "log.backend",
                        "memory",
                        "application.server",
                        "no-port")))
        .hasMessageContaining("'application.server'")
        .hasMessageContaining("host:port");
    assertThatThrownBy(
            () ->
                StreamsConfig.from(
                    Map.of(
                        "application.id",
                        "a",
                        "log.backend",
                        "memory",
                        "group.instance.id",
                        "has space")))
        .hasMessageContaining("'group.instance.id'");
    assertThatThrownBy(
            () ->
                StreamsConfig.from(
                    Map.of(
                        "application.id", "a", "log.backend", "memory", "default.key.serde", "x")))
        .hasMessageContaining("'default.key.serde'");
    assertThatThrownBy(
            () ->
                StreamsConfig.from(
                    Map.of(
                        "application.id",
                        "a",
                        "log.backend",
                        "memory",
                        "statestore.cache.max.bytes",
                        "lots")))
        .hasMessageContaining("'statestore.cache.max.bytes'");
  }
}
