package io.runnel.samples.logs;

import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latest row per service and minute, read from {@value LogAggregation#STATS_TOPIC}, rendered as
 * a text table: what the quickstart shows in the terminal.
 *
 * <p>Not thread-safe: one thread calls {@link #update} and {@link #render}.
 */
public final class LiveTable implements AutoCloseable {
  private final LogConsumer consumer;
  private final Serde<StatsRow> serde = Serdes.json(StatsRow.class);
  private final Map<String, StatsRow> rows = new TreeMap<>();

  /** Reads the stats topic of {@code log} from its beginning. */
  public LiveTable(Log log) {
    this.consumer = log.newConsumer(null);
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < LogAggregation.PARTITIONS; p++) {
      partitions.add(new TopicPartition(LogAggregation.STATS_TOPIC, p));
    }
    consumer.assign(partitions);
  }

  /** Reads what arrived, waiting up to {@code timeout} when nothing has. */
  public void update(Duration timeout) {
    for (LogRecord r : consumer.poll(timeout)) {
      if (r.value() != null) {
        StatsRow row = serde.deserialize(r.value());
        rows.put(row.service() + "@" + row.minute(), row);
      }
    }
  }

  /** The rows read so far, latest per service and minute. */
  public List<StatsRow> rows() {
    return List.copyOf(rows.values());
  }

  /** The last {@code minutes} minutes as a table, newest first; empty when nothing arrived yet. */
  public String render(int minutes) {
    TreeSet<String> recent = new TreeSet<>(Comparator.reverseOrder());
    for (StatsRow row : rows.values()) {
      recent.add(row.minute());
    }
    List<String> shown = recent.stream().limit(minutes).toList();
    if (shown.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-18s %-9s %9s %8s %8s %8s%n",
        "minute (UTC)", "service", "requests", "5xx", "5xx %", "p95 ms"));
    for (String minute : shown) {
      for (StatsRow row : rows.values()) {
        if (!row.minute().equals(minute)) {
          continue;
        }
        double errorPct = row.requests() == 0 ? 0 : 100.0 * row.errors() / row.requests();
        sb.append(String.format(Locale.ROOT, "%-18s %-9s %9d %8d %7.1f%% %8d%s%n",
            minute.replace('T', ' ').replace("Z", ""),
            row.service(),
            row.requests(),
            row.errors(),
            errorPct,
            row.p95Ms(),
            row.loggedErrors() > 0 ? "   " + row.loggedErrors() + " errors logged" : ""));
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
