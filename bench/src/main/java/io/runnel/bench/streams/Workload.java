package io.runnel.bench.streams;

/**
 * What both apps compute and where: the input topic, the output topic naming scheme and the
 * tumbling window. The input's record timestamps are synthetic (one millisecond per line from
 * {@code baseTimestamp}), so the windowed count spreads over several one-minute windows.
 */
enum Workload {
  /** flatMapValues split, groupBy word, count, toStream, to. */
  WORD_COUNT("word count"),
  /** The same, with windowedBy(1-minute tumbling windows) before count. */
  WINDOWED_COUNT("1-min tumbling-window count");

  static final String INPUT_TOPIC = "lines";
  static final long WINDOW_MS = 60_000;
  /** Large enough that no record is late after the repartition interleaves the four inputs. */
  static final long GRACE_MS = 10 * 60_000;

  final String title;

  Workload(String title) {
    this.title = title;
  }

  String outputTopic(String engine) {
    return (this == WORD_COUNT ? "wc-" : "win-") + engine;
  }

  String applicationId(String engine) {
    return "bench-" + outputTopic(engine);
  }
}
