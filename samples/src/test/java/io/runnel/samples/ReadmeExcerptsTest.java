package io.runnel.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The samples README's code excerpts cannot drift: each Java block after a line {@code From
 * [name](path):} must appear, line for line (indentation aside), in that file.
 */
class ReadmeExcerptsTest {
  private static final Pattern FROM = Pattern.compile("From \\[[^]]+\\]\\(([^)]+)\\):\\s*");

  private record Excerpt(Path file, List<String> lines) {}

  private static List<Excerpt> excerpts(List<String> readme) {
    List<Excerpt> excerpts = new ArrayList<>();
    Path from = null;
    for (int i = 0; i < readme.size(); i++) {
      String line = readme.get(i);
      Matcher m = FROM.matcher(line);
      if (m.find() && line.endsWith(":")) {
        from = Path.of(m.group(1));
      } else if (line.equals("```java") && from != null) {
        List<String> block = new ArrayList<>();
        while (!readme.get(++i).equals("```")) {
          block.add(readme.get(i).strip());
        }
        excerpts.add(new Excerpt(from, block));
        from = null;
      } else if (!line.isBlank()) {
        from = null;
      }
    }
    return excerpts;
  }

  @Test
  void everyExcerptIsInItsFile() throws IOException {
    List<Excerpt> excerpts = excerpts(Files.readAllLines(Path.of("README.md")));
    assertThat(excerpts).hasSizeGreaterThanOrEqualTo(4);
    for (Excerpt excerpt : excerpts) {
      List<String> source = Files.readAllLines(excerpt.file()).stream().map(String::strip).toList();
      assertThat(Collections.indexOfSubList(source, excerpt.lines()))
          .as("README excerpt from " + excerpt.file() + ":\n" + String.join("\n", excerpt.lines()))
          .isNotNegative();
    }
  }
}
