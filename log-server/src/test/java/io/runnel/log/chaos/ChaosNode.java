package io.runnel.log.chaos;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The main of one chaos node's JVM: starts a log-server from the properties file given as the only
 * argument, prints {@link #READY} once it serves, and runs until killed. SIGTERM closes the server
 * cleanly (a shutdown hook); SIGKILL is what the nemesis uses to crash it.
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
    LogServer server = LogServer.start(ServerConfig.load(Path.of(args[0]), Map.of()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chaos-node-close"));
    System.out.println(READY + " " + server.nodeId() + " " + server.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
