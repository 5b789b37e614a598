package io.runnel.samples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.samples.SampleHarness;
import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The word-count sample against a real log-server, counting a file of known text. */
@SuppressWarnings("try") // a running sample is a resource the test body does not touch
class WordCountIT extends SampleHarness {

  private Map<String, Long> latestCounts() {
    Map<String, Long> latest = new HashMap<>();
    for (KeyValue<String, Long> r :
        readTopic(WordCountSample.COUNTS_TOPIC, Serdes.string(), Serdes.longs())) {
      latest.put(r.key(), r.value());
    }
    return latest;
  }

  /** The rows of the last top-words table printed, as "rank word count". */
  private List<String> lastTopTable() {
    List<String> lines = printedLines();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("top words of ")) {
        start = i;
      }
    }
    List<String> rows = new ArrayList<>();
    for (int i = start + 1; start >= 0 && i < lines.size(); i++) {
      if (!lines.get(i).matches("\\s+\\d+\\. .*")) {
        break;
      }
      rows.add(lines.get(i).trim().replaceAll("\\s+", " "));
    }
    return rows;
  }

  @Test
  void countsTheWordsOfAFileAndPrintsTheTopWords() throws Exception {
    Path input = tmp.resolve("input.txt");
    Files.writeString(input, "The cat and the hat\nthe cat sat\nhat, hat, HAT!\n");
    Map<String, Long> expected = Map.of("the", 3L, "cat", 2L, "and", 1L, "hat", 4L, "sat", 1L);

    try (AutoCloseable sample =
        new WordCountSample()
            .start(context(Map.of("input", input.toString(), "print.interval.ms", "100")))) {
      await("the counts of every word in the output topic", () -> latestCounts().equals(expected));
      await(
          "the top words printed with their final counts",
          () ->
              lastTopTable()
                  .equals(List.of("1. hat 4", "2. the 3", "3. cat 2", "4. and 1", "5. sat 1")));
      assertThat(printed()).contains("producing the 3 lines of " + input);
      assertThat(printed()).contains("top words of 11 counted (5 distinct):");
    }
    assertThat(printed()).contains("word-count app: PENDING_SHUTDOWN -> NOT_RUNNING");

    // Started again: the file is in the topic already and is not counted twice.
    try (AutoCloseable sample =
        new WordCountSample()
            .start(context(Map.of("input", input.toString(), "print.interval.ms", "100")))) {
      assertThat(printed()).contains("'wc-lines' already holds lines; not producing");
    }
    assertThat(latestCounts()).isEqualTo(expected);
  }

  @Test
  void theBuiltInVerseKeepsCounting() throws Exception {
    try (AutoCloseable sample =
        new WordCountSample()
            .start(context(Map.of("line.interval.ms", "20", "print.interval.ms", "100")))) {
      // The verse has 6 lines with "the" 8 times; after two rounds "the" leads with at least 16.
      await(
          "'the' counted through the verse twice",
          () -> latestCounts().getOrDefault("the", 0L) >= 16);
      await(
          "'the' printed at the top",
          () -> !lastTopTable().isEmpty() && lastTopTable().get(0).startsWith("1. the "));
    }
  }
}
