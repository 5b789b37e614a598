package io.runnel.cli;

import io.runnel.connect.TaskStatus;
import io.runnel.log.LogServer;
import io.runnel.samples.SampleContext;
import io.runnel.samples.logs.LogAggregationSample;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runnel quickstart}: the main job in one command. Starts an embedded log-server, writes the
 * logs of three made-up services, ships them with file-source, aggregates them per service and
 * minute with a streams app, upserts the rows into SQLite with jdbc-sink, and shows them as a live
 * table until Ctrl-C. Everything is kept under {@code --dir}, so running it again resumes.
 */
@Command(name = "quickstart", description = {
    "The main job in one command: a log-server, log files of three services shipped by file-source,",
    "a streams app aggregating them per service and minute, rows upserted into SQLite; a live table until Ctrl-C."})
final class QuickstartCommand implements Callable<Integer> {
  private static final String CLEAR = "\033[H\033[2J";

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "runnel-data",
      description = "Where everything is kept (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
      description = "The log-server's port on 127.0.0.1 (default ${DEFAULT-VALUE}; a free one if taken).")
  int port;

  @Option(names = "--plain", description = "Print the table every 10 s instead of redrawing the screen.")
  boolean plain;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    boolean live = !plain && System.console() != null;
    Path home = dir.toAbsolutePath().normalize();
    Files.createDirectories(home);
    Path logFile = home.resolve("quickstart.log");
    LogFiles.redirectTo(logFile);

    out.println("Runnel quickstart: everything is kept in " + home + " (its log: " + logFile + ")");
    out.print("[1/3] starting the log-server ... ");
    out.flush();
    int chosen = portFree(port) ? port : 0;
    LogServer server = EmbeddedServers.start(home.resolve("server"), chosen);
    String servers = server.bootstrapServers();
    out.println("listening on " + servers + (chosen == 0 ? " (port " + port + " was taken)" : ""));

    out.print("[2/3] starting the log generator, file-source, the streams app and jdbc-sink ... ");
    out.flush();
    LogAggregationSample.Running running;
    try {
      running = LogAggregationSample.launch(
          new SampleContext(servers, home.resolve("quickstart"), out, Map.of()), "runnel-quickstart");
    } catch (Exception e) {
      server.close();
      throw e;
    }
    out.println("ok");
    String db = home.resolve("quickstart").resolve("log-stats.db").toString();

    CountDownLatch stopped = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      main.interrupt();
      try {
        running.close();
      } finally {
        server.close();
        out.println();
        out.println("stopped cleanly; run bin/runnel quickstart again to resume where it left off");
        out.flush();
        stopped.countDown();
      }
    }, "runnel-shutdown"));

    out.println("[3/3] waiting for the first aggregates (the streams app joins its group and catches up) ...");
    long started = System.nanoTime();
    long lastPrint = 0;
    boolean progressShown = false;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        running.table().update(Duration.ofMillis(live ? 1000 : 500));
        String table = running.table().render(5);
        long now = System.nanoTime();
        if (!table.isEmpty() && progressShown) {
          out.println(); // end the progress line
          progressShown = false;
        }
        if (live && !table.isEmpty()) {
          out.print(CLEAR + screen(servers, home, db, running, table));
          out.flush();
        } else if (!table.isEmpty() && now - lastPrint >= 10_000_000_000L) {
          out.println(screen(servers, home, db, running, table));
          lastPrint = now;
        } else if (table.isEmpty()) {
          out.printf("\r  %d s: %s", (now - started) / 1_000_000_000L, progress(running));
          out.flush();
          progressShown = true;
        }
      }
    } catch (RuntimeException e) {
      if (!Thread.currentThread().isInterrupted()) {
        throw e;
      }
    }
    // Interrupted by the shutdown hook: wait for it to finish stopping everything.
    Thread.interrupted();
    while (true) {
      try {
        stopped.await();
        return 0;
      } catch (InterruptedException e) {
        // keep waiting: the hook is still closing
      }
    }
  }

  private static String screen(String servers, Path home, String db, LogAggregationSample.Running running,
      String table) {
    StringBuilder sb = new StringBuilder();
    sb.append("Runnel quickstart: per service and minute, from the services' logs   (Ctrl-C stops; rerun resumes)\n\n");
    sb.append(table).append('\n');
    sb.append("  log-server   ").append(servers).append("   data ").append(home.resolve("server")).append('\n');
    sb.append("  logs         ").append(running.input());
    if (running.logs() != null) {
      sb.append("   ").append(running.logs().lines()).append(" lines written this run");
    }
    sb.append('\n');
    sb.append("  pipeline     ").append(progress(running)).append('\n');
    sb.append("  SQLite       ").append(db).append("   ").append(rows(running.jdbcUrl())).append(" rows in log_stats\n\n");
    sb.append("Try next (in another terminal):\n");
    sb.append("  bin/runnel consume --bootstrap-server ").append(servers)
        .append(" runnel-log-stats --from-beginning --max 5 --print-key\n");
    sb.append("  bin/runnel topics list --bootstrap-server ").append(servers).append('\n');
    sb.append("  sqlite3 ").append(db).append(" 'select * from log_stats order by minute desc limit 9'\n");
    sb.append("  bin/runnel sample            (the samples: word count, data integration, ...)\n");
    return sb.toString();
  }

  private static String progress(LogAggregationSample.Running running) {
    String tasks = running.pipeline().connectorStatus().stream()
        .map(t -> t.connector() + " " + t.state() + (t.state() == TaskStatus.State.FAILED ? " (" + t.lastError() + ")" : ""))
        .collect(Collectors.joining(", "));
    return "streams app " + running.pipeline().streamsState() + "; " + tasks;
  }

  private static long rows(String jdbcUrl) {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM log_stats")) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException e) {
      return 0; // the sink creates the table with its first row
    }
  }

  private static boolean portFree(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
