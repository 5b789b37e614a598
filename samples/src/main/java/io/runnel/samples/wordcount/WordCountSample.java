package io.runnel.samples.wordcount;

import io.runnel.samples.Sample;
import io.runnel.samples.SampleContext;
import io.runnel.samples.support.SampleRun;
import io.runnel.samples.support.Topics;
import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.query.InvalidStateStoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word count: lines from topic {@code wc-lines} are split into words and counted per word in the
 * RocksDB-backed store {@code counts}; every change goes to topic {@code wc-word-counts}, and the
 * ten most frequent words are printed every few seconds.
 *
 * <p>Options: {@code input} (a text file to count, produced once; default: a built-in verse
 * produced over and over), {@code line.interval.ms} (500), {@code print.interval.ms} (3000), {@code
 * partitions} (2).
 */
public final class WordCountSample implements Sample {
  /** The input topic: key the line number, value a line of text. */
  public static final String LINES_TOPIC = "wc-lines";

  /** The output topic: key a word, value its count so far. */
  public static final String COUNTS_TOPIC = "wc-word-counts";

  /** The verse produced when no {@code input} file is given. */
  static final List<String> VERSE =
      List.of(
          "The river runs and the river sings",
          "of stones it carried and of mills it turned",
          "the log remembers what the river brings",
          "and every word it heard the log has learned",
          "count the words and count them once again",
          "a table keeps the tally of the rain");

  @Override
  public String name() {
    return "word-count";
  }

  @Override
  public String description() {
    return "lines -> words -> counts in a RocksDB store -> topic; prints the top 10 words";
  }

  /** The streams app: lines to words to counts (store {@code counts}) to the counts topic. */
  static Topology topology() {
    Serde<String> s = Serdes.string();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(LINES_TOPIC, Consumed.with(s, s))
        .flatMapValues(WordCountSample::words)
        .groupBy((lineNumber, word) -> word, Grouped.with(s, s))
        .count(Materialized.<String, Long>as("counts").withValueSerde(Serdes.longs()))
        .toStream()
        .to(COUNTS_TOPIC, Produced.with(s, Serdes.longs()));
    return builder.build();
  }

  /** The words of {@code line}: lower case, split at anything that is not a letter or digit. */
  static List<String> words(String line) {
    return Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(w -> !w.isEmpty())
        .toList();
  }

  @Override
  public AutoCloseable start(SampleContext context) throws Exception {
    PrintStream out = context.out();
    int partitions = Topics.partitions(context.options(), 2);
    long lineIntervalMs = SampleRun.positiveLong(context.options(), "line.interval.ms", 500);
    long printIntervalMs = SampleRun.positiveLong(context.options(), "print.interval.ms", 3000);
    String input = context.option("input", null);
    List<String> fileLines = input == null ? null : readLines(Path.of(input));

    SampleRun run = new SampleRun(name(), out);
    try {
      Log log = run.add(Log.open(Map.of(Log.BOOTSTRAP_SERVERS, context.bootstrapServers())));
      partitions = Topics.create(log, partitions, LINES_TOPIC, COUNTS_TOPIC);
      RunnelStreams app =
          new RunnelStreams(
              topology(),
              Map.of(
                  "application.id",
                  "word-count",
                  "bootstrap.servers",
                  context.bootstrapServers(),
                  "state.dir",
                  context.workDir().resolve("state").toString(),
                  "commit.interval.ms",
                  "1000"));
      app.setStateListener(
          (now, before) -> out.println("word-count app: " + before + " -> " + now));
      run.add(app);
      app.start();

      LineWriter lines = new LineWriter(log.newProducer(), partitions);
      run.add(lines.producer);
      if (fileLines == null) {
        out.println(
            "producing the built-in verse to '"
                + LINES_TOPIC
                + "', a line every "
                + lineIntervalMs
                + " ms");
        run.every(lineIntervalMs, "producing lines", () -> lines.send(VERSE));
      } else if (lines.alreadyProduced(log, LINES_TOPIC)) {
        out.println("'" + LINES_TOPIC + "' already holds lines; not producing " + input + " again");
      } else {
        out.println(
            "producing the "
                + fileLines.size()
                + " lines of "
                + input
                + " to '"
                + LINES_TOPIC
                + "'");
        run.once("producing lines", () -> lines.sendAll(fileLines));
      }

      TopWordsPrinter printer = new TopWordsPrinter(app, out);
      run.every(printIntervalMs, "printing top words", printer::print);
      return run;
    } catch (RuntimeException e) {
      throw run.abort(e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the input file "
              + file.toAbsolutePath()
              + " of option 'input'; give a readable text file",
          e);
    }
  }

  /** Produces lines keyed by their line number. Used from the jobs thread only. */
  private static final class LineWriter {
    final LogProducer producer;
    final int partitions;
    long lineNumber;

    LineWriter(LogProducer producer, int partitions) {
      this.producer = producer;
      this.partitions = partitions;
    }

    boolean alreadyProduced(Log log, String topic) {
      try (LogConsumer consumer = log.newConsumer(null)) {
        return consumer.endOffsets(Topics.partitionsOf(log, topic)).values().stream()
            .anyMatch(end -> end > 0);
      }
    }

    /** The next line of the endless {@code verse}. */
    void send(List<String> verse) {
      sendLine(verse.get((int) (lineNumber % verse.size())));
      producer.flush();
    }

    void sendAll(List<String> lines) {
      lines.forEach(this::sendLine);
      producer.flush();
    }

    private void sendLine(String line) {
      byte[] key = Serdes.string().serialize("line-" + lineNumber++);
      int partition = KeyPartitioner.partition(key, partitions);
      producer.send(
          new TopicPartition(LINES_TOPIC, partition),
          key,
          Serdes.string().serialize(line),
          System.currentTimeMillis());
    }
  }

  /**
   * Prints the top ten words when they changed. Used from the jobs thread only.
   *
   * <p>It ranks the app's own store {@code counts} through an interactive query: the instance's
   * tasks hold every word (one instance), read through the record cache, so the table is as fresh
   * as the last processed line. While the app rebalances or restores the store is not queryable;
   * that round is skipped.
   */
  private static final class TopWordsPrinter {
    final RunnelStreams app;
    final PrintStream out;
    List<KeyValue<String, Long>> lastPrinted = List.of();

    TopWordsPrinter(RunnelStreams app, PrintStream out) {
      this.app = app;
      this.out = out;
    }

    void print() {
      List<KeyValue<String, Long>> counts;
      try {
        counts = app.keyValueStore("counts", Serdes.string(), Serdes.longs()).all();
      } catch (InvalidStateStoreException e) {
        return; // rebalancing or restoring: try again next round
      }
      List<KeyValue<String, Long>> top = TopWords.top(counts.iterator(), 10);
      if (top.isEmpty() || top.equals(lastPrinted)) {
        return;
      }
      lastPrinted = top;
      long total = counts.stream().mapToLong(KeyValue::value).sum();
      StringBuilder table = new StringBuilder();
      table.append(String.format("top words of %d counted (%d distinct):%n", total, counts.size()));
      for (int i = 0; i < top.size(); i++) {
        table.append(
            String.format("  %2d. %-12s %6d%n", i + 1, top.get(i).key(), top.get(i).value()));
      }
      out.print(table);
      out.flush();
    }
  }
}
