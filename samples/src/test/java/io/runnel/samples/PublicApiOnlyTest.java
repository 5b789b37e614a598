package io.runnel.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The samples read as a user's app: their main code imports no internals of ours ({@code
 * ..internal..}), no log-server code and no kafka-clients, only the public streams-api, state-store
 * and connectors APIs.
 */
class PublicApiOnlyTest {
  private static final List<String> SAMPLES =
      List.of("support", "wordcount", "dataintegration", "eventsourcing", "microservices");

  @Test
  void samplesImportOnlyPublicApis() throws IOException {
    Path root = Path.of("src/main/java/io/runnel/samples");
    for (String sample : SAMPLES) {
      try (Stream<Path> files = Files.walk(root.resolve(sample))) {
        List<String> imports =
            files
                .filter(f -> f.toString().endsWith(".java"))
                .flatMap(PublicApiOnlyTest::lines)
                .filter(l -> l.startsWith("import "))
                .toList();
        assertThat(imports).as(sample).isNotEmpty();
        assertThat(imports)
            .as(sample)
            .noneMatch(l -> l.contains(".internal."))
            .noneMatch(l -> l.startsWith("import io.runnel.log."))
            .noneMatch(l -> l.startsWith("import org.apache.kafka."));
      }
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::strip);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
