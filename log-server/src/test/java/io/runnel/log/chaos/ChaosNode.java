package io.runnel.log.chaos;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The main of one chaos node's JVM: starts a log-server from the properties file given as the only
 * argument, prints {@link #READY} once it serves, and runs until killed. SIGTERM closes the server
 * cleanly (a shutdown hook); SIGKILL is what the nemesis uses to crash it. It also stops when its
 * stdin ends, i.e. when the harness that started it is gone, so no node outlives a killed test.
 */
public final class ChaosNode {
  /** The line printed on stdout once the server serves: {@code READY <node.id> <port>}. */
  static final String READY = "chaos-node-ready";

  private ChaosNode() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: ChaosNode <server.properties>");
      System.exit(2);
    }
    watchParent();
    LogServer server;
    try {
      server = LogServer.start(ServerConfig.load(Path.of(args[0]), Map.of()));
    } catch (RuntimeException e) {
      // A start that fails (say, a quorum member that cannot catch up) leaves no process to jstack:
      // its threads' stacks go to the node log first.
      e.printStackTrace();
      printThreads();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chaos-node-close"));
    System.out.println(READY + " " + server.nodeId() + " " + server.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static void printThreads() {
    System.out.println("===== chaos node: the stacks of every thread at the failed start");
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      System.out.println("\"" + thread.getName() + "\" " + thread.getState());
      for (StackTraceElement frame : stack) {
        System.out.println("\tat " + frame);
      }
    });
    System.out.flush();
  }

  /** The harness holds this JVM's stdin open: when the harness dies, stdin ends, and so does this node. */
  private static void watchParent() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; read until the pipe closes
        }
      } catch (IOException e) {
        // the pipe broke: the parent is gone all the same
      }
      System.err.println("chaos node: the harness is gone; stopping");
      System.exit(3);
    }, "chaos-node-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
