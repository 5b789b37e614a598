package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is what the configuration classes say, so the reference cannot drift. */
class ConfigReferenceTest {

  @Test
  void docsConfigurationIsGeneratedFromTheConfigClasses() throws IOException {
    Path docs = Path.of("..", "docs", "configuration.md");
    assertThat(Files.readString(docs))
        .as("docs/configuration.md is out of date: run bin/runnel config-reference > docs/configuration.md")
        .isEqualTo(ConfigReference.markdown());
  }

  @Test
  void everySettingOfEveryComponentIsListed() {
    String md = ConfigReference.markdown();
    assertThat(md)
        .contains("| `log.dirs` |", "| `application.id` | (required) |",
            "| `statestore.cache.max.bytes` |", "| `offset.flush.interval.ms` |",
            "| `errors.tolerance` | `none` |", "## Connector `file-source`",
            "## Connector `jdbc-sink`", "| `connection.url` | (required) |");
  }
}
