package io.runnel.log.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One node's JVM ({@link ChaosNode}) on the test class path: start, SIGKILL, SIGSTOP/SIGCONT and a
 * clean stop (SIGTERM). Its stdout and stderr go to {@code node-<id>.log}, appended across restarts
 * with a line marking each start. Linux only (signals by {@code kill}).
 *
 * <p>Not thread-safe: owned by the harness thread, and the nemesis thread while a run lasts (never
 * both at once).
 */
final class NodeProcess {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  final int id;
  private final Path configFile;
  private final Path logFile;
  private final String classpath;
  private final List<String> jvmOptions;
  private Process process;
  /** Copies the current process's output into the log; ends (flushing the log) when the process ends. */
  private Thread copier;
  private CountDownLatch ready;
  private boolean paused;
  private int starts;

  NodeProcess(int id, Path configFile, Path logFile, String classpath, List<String> jvmOptions) {
    this.id = id;
    this.configFile = configFile;
    this.logFile = logFile;
    this.classpath = classpath;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** Starts the JVM; {@link #awaitReady} waits until it serves. */
  void start() {
    if (isAlive()) {
      throw new IllegalStateException("node " + id + " is already running (pid " + process.pid() + ")");
    }
    List<String> command = new java.util.ArrayList<>();
    command.add(JAVA);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, ChaosNode.class.getName(), configFile.toString()));
    starts++;
    CountDownLatch started = new CountDownLatch(1);
    try {
      Files.writeString(logFile, "===== chaos harness: start " + starts + " of node " + id + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id + " (" + JAVA + ")", e);
    }
    ready = started;
    paused = false;
    Process p = process;
    copier = new Thread(() -> copyOutput(p, started), "node-" + id + "-output");
    copier.setDaemon(true);
    copier.start();
  }

  private void copyOutput(Process p, CountDownLatch started) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
             StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) { // every line, so nothing waits in a buffer
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        if (line.startsWith(ChaosNode.READY)) {
          started.countDown();
        }
      }
    } catch (IOException e) {
      // the stream ends with the process
    }
  }

  /** Waits until the node serves; throws naming the node and its log when it dies or takes too long. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + id + " exited with status " + process.exitValue()
            + " before serving; see " + logFile);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node " + id + " did not serve within " + timeout + "; see " + logFile);
      }
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  boolean isPaused() {
    return paused;
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + id + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
    }
    paused = false;
    drainOutput();
  }

  /** Waits (up to 5 s) until the ended process's last lines are in its log, before the harness may exit. */
  private void drainOutput() throws InterruptedException {
    if (copier != null) {
      copier.join(5000);
    }
  }

  /** SIGSTOP: the JVM freezes with its sockets open. */
  void pause() throws InterruptedException {
    if (isAlive() && !paused) {
      signal("STOP");
      paused = true;
    }
  }

  /** SIGCONT. */
  void resume() throws InterruptedException {
    if (isAlive() && paused) {
      signal("CONT");
      paused = false;
    }
  }

  /**
   * SIGQUIT: the JVM prints every thread's stack to its output, which goes to the node's log (for a
   * run that failed: what a stuck node was doing). Resumes a paused node first.
   */
  void dumpThreads() throws InterruptedException {
    if (isAlive()) {
      resume();
      signal("QUIT");
    }
  }

  /** SIGTERM: the node closes its server cleanly; {@link #awaitExit} waits for it. */
  void terminate() throws InterruptedException {
    if (isAlive()) {
      resume();
      process.destroy();
    }
  }

  /** Waits for the process to exit after {@link #terminate}; SIGKILL when it takes longer than {@code grace}. */
  void awaitExit(Duration grace) throws InterruptedException {
    if (process != null && !process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
    drainOutput();
  }

  private void signal(String name) throws InterruptedException {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " (node " + id + ") failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + name + " for node " + id, e);
    }
  }

  Path logFile() {
    return logFile;
  }
}
