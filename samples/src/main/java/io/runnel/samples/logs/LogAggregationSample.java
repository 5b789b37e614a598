package io.runnel.samples.logs;

import io.runnel.samples.Sample;
import io.runnel.samples.SampleContext;
import io.runnel.streams.log.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/runnel sample log-aggregation}: the quickstart's pipeline ({@link LogAggregation}) as a
 * standalone app. Options: {@code input} (a glob of log files to ship; default: logs of three
 * made-up services that the sample writes into {@code <dir>/logs}), {@code jdbc.url} (default a
 * SQLite file {@code <dir>/log-stats.db}), {@code application.id} (default {@code
 * runnel-log-aggregation}), {@code print.seconds} (how often the table is printed, default 10).
 */
public final class LogAggregationSample implements Sample {
  /** How far back the generated logs start on a first run, so the table has history at once. */
  static final Duration BACKFILL = Duration.ofMinutes(5);

  @Override
  public String name() {
    return "log-aggregation";
  }

  @Override
  public String description() {
    return "ship log files with file-source, aggregate per service and minute, upsert into SQL";
  }

  @Override
  public AutoCloseable start(SampleContext context) throws Exception {
    Running running = launch(context, context.option("application.id", "runnel-log-aggregation"));
    long every = Long.parseLong(context.option("print.seconds", "10"));
    Thread printer =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  running.table().update(Duration.ofMillis(500));
                  if (running.sinceLastPrint() >= TimeUnit.SECONDS.toNanos(every)) {
                    String table = running.table().render(3);
                    if (!table.isEmpty()) {
                      context.out().print(table);
                      context.out().println();
                    }
                    running.printed();
                  }
                }
              } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                  context.out().println("the table printer stopped: " + e);
                }
              }
            },
            "log-aggregation-printer");
    printer.setDaemon(true);
    printer.start();
    return () -> {
      printer.interrupt();
      printer.join(5_000);
      running.close();
    };
  }

  /**
   * Starts the generator (unless {@code input} names other files), the pipeline, and a table reader.
   * The quickstart uses this too.
   */
  public static Running launch(SampleContext context, String applicationId) throws Exception {
    Path dir = context.workDir().toAbsolutePath();
    Files.createDirectories(dir);
    String input = context.options().get("input");
    LiveLogs logs = null;
    if (input == null) {
      logs = LiveLogs.start(dir.resolve("logs"), BACKFILL);
      input = logs.glob();
    }
    String jdbcUrl = context.option("jdbc.url", "jdbc:sqlite:" + dir.resolve("log-stats.db"));
    LogAggregation pipeline;
    try {
      pipeline =
          LogAggregation.start(
              new LogAggregation.Settings(
                  context.bootstrapServers(), input, dir.resolve("state"), jdbcUrl, applicationId));
    } catch (RuntimeException e) {
      if (logs != null) {
        logs.close();
      }
      throw e;
    }
    Log log = Log.open(Map.of(Log.BOOTSTRAP_SERVERS, context.bootstrapServers()));
    return new Running(logs, pipeline, log, new LiveTable(log), input, jdbcUrl);
  }

  /** The parts of a running log aggregation. Closing stops them in order. */
  public static final class Running implements AutoCloseable {
    private final LiveLogs logs;
    private final LogAggregation pipeline;
    private final Log log;
    private final LiveTable table;
    private final String input;
    private final String jdbcUrl;
    private volatile long lastPrint = System.nanoTime();

    Running(LiveLogs logs, LogAggregation pipeline, Log log, LiveTable table, String input, String jdbcUrl) {
      this.logs = logs;
      this.pipeline = pipeline;
      this.log = log;
      this.table = table;
      this.input = input;
      this.jdbcUrl = jdbcUrl;
    }

    /** The generated logs, or null when the sample ships the user's files. */
    public LiveLogs logs() {
      return logs;
    }

    public LogAggregation pipeline() {
      return pipeline;
    }

    /** The table reader; owned by the one thread that displays it. */
    public LiveTable table() {
      return table;
    }

    /** The glob of the files shipped. */
    public String input() {
      return input;
    }

    public String jdbcUrl() {
      return jdbcUrl;
    }

    long sinceLastPrint() {
      return System.nanoTime() - lastPrint;
    }

    void printed() {
      lastPrint = System.nanoTime();
    }

    @Override
    public void close() {
      try {
        if (logs != null) {
          logs.close();
        }
      } finally {
        try {
          pipeline.close();
        } finally {
          table.close();
          log.close();
        }
      }
    }
  }
}
