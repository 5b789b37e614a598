package io.runnel.samples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.samples.SampleContext;
import io.runnel.state.KeyValue;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordCountSampleTest {

  @Test
  void ranksByCountThenAlphabetically() {
    List<KeyValue<String, Long>> counts =
        List.of(
            KeyValue.pair("river", 3L),
            KeyValue.pair("a", 1L),
            KeyValue.pair("the", 9L),
            KeyValue.pair("log", 3L),
            KeyValue.pair("rain", 2L));
    assertThat(TopWords.top(counts.iterator(), 3))
        .containsExactly(
            KeyValue.pair("the", 9L), KeyValue.pair("log", 3L), KeyValue.pair("river", 3L));
    assertThat(TopWords.top(counts.iterator(), 10))
        .hasSize(5)
        .last()
        .isEqualTo(KeyValue.pair("a", 1L));
    assertThat(TopWords.top(List.<KeyValue<String, Long>>of().iterator(), 10)).isEmpty();
  }

  @Test
  void splitsLinesIntoLowerCaseWords() {
    assertThat(WordCountSample.words("  The river's 2 mills, TURNED!"))
        .containsExactly("the", "river", "s", "2", "mills", "turned");
  }

  @Test
  void aBadOptionIsNamed() {
    SampleContext context =
        new SampleContext(
            "127.0.0.1:1",
            Path.of("unused"),
            new PrintStream(OutputStream.nullOutputStream()),
            Map.of("print.interval.ms", "soon"));
    assertThatThrownBy(() -> new WordCountSample().start(context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "option 'print.interval.ms' must be a positive number, got 'soon';"
                + " e.g. --option print.interval.ms=3000");
  }
}
