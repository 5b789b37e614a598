package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code in the root README and the guides under docs/ cannot drift: a code block that follows a
 * line ending in {@code From [name](path):} must appear, line for line (indentation aside), in
 * that file (path relative to the document), which the build compiles and the tests run.
 */
class DocsExcerptsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern FROM = Pattern.compile("From \\[[^]]+\\]\\(([^)#]+)(#[^)]*)?\\):$");

  private record Excerpt(Path document, Path file, List<String> lines) {}

  static List<Excerpt> excerpts(Path document) throws IOException {
    List<String> doc = Files.readAllLines(document);
    List<Excerpt> excerpts = new ArrayList<>();
    Path from = null;
    for (int i = 0; i < doc.size(); i++) {
      String line = doc.get(i);
      Matcher m = FROM.matcher(line.strip());
      if (m.find()) {
        from = document.getParent().resolve(m.group(1)).normalize();
      } else if (line.startsWith("```") && line.length() > 3 && from != null) {
        List<String> block = new ArrayList<>();
        while (!doc.get(++i).startsWith("```")) {
          block.add(doc.get(i).strip());
        }
        excerpts.add(new Excerpt(document, from, block));
        from = null;
      } else if (!line.isBlank()) {
        from = null;
      }
    }
    return excerpts;
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    Path dir = ROOT.resolve("docs");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
      }
    }
    return docs;
  }

  @Test
  void everyExcerptIsInItsFile() throws IOException {
    int checked = 0;
    for (Path document : documents()) {
      for (Excerpt excerpt : excerpts(document)) {
        assertThat(excerpt.file()).as(document + " names " + excerpt.file()).exists();
        List<String> source =
            Files.readAllLines(excerpt.file()).stream().map(String::strip).toList();
        assertThat(Collections.indexOfSubList(source, excerpt.lines()))
            .as(document + ": excerpt from " + excerpt.file() + ":\n"
                + String.join("\n", excerpt.lines()))
            .isNotNegative();
        checked++;
      }
    }
    assertThat(checked).as("excerpts checked").isGreaterThanOrEqualTo(1);
  }
}
