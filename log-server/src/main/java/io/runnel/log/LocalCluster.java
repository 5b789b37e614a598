package io.runnel.log;

import io.runnel.log.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * A cluster of log-servers in this JVM, on loopback: node ids 1..n, each with its own data
 * directory {@code <dir>/node-<id>} and client listener on a free port, all sharing one {@code
 * controller.quorum.voters} line on free ports. For tests, samples and benchmarks; a real
 * deployment runs one {@code bin/runnel server} per machine with the same settings.
 *
 * <p>Thread-safe: {@link #close(int)} and {@link #close()} may be called from any thread.
 */
public final class LocalCluster implements AutoCloseable {
  private final Map<Integer, LogServer> nodes;
  private final Map<Integer, Map<String, String>> settings;

  private LocalCluster(Map<Integer, LogServer> nodes, Map<Integer, Map<String, String>> settings) {
    this.nodes = nodes;
    this.settings = settings;
  }

  /**
   * Starts {@code size} nodes at once (each waits for a majority of the voters before it serves)
   * with {@code settings} on top of the ones this class sets.
   */
  public static LocalCluster start(int size, Path dir, Map<String, String> settings) {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least 1 node, not " + size);
    }
    List<String> voters = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      voters.add(id + "@127.0.0.1:" + freePort());
    }
    Map<Integer, CompletableFuture<LogServer>> starting = new java.util.TreeMap<>();
    Map<Integer, Map<String, String>> perNode = new java.util.TreeMap<>();
    for (int id = 1; id <= size; id++) {
      Map<String, String> all = new HashMap<>(Map.of(
          "node.id", Integer.toString(id),
          "listeners", "PLAINTEXT://127.0.0.1:0",
          "log.dirs", dir.resolve("node-" + id).toString(),
          "controller.quorum.voters", String.join(",", voters)));
      all.putAll(settings);
      perNode.put(id, Map.copyOf(all));
      starting.put(id, CompletableFuture.supplyAsync(() -> LogServer.start(ServerConfig.of(all))));
    }
    Map<Integer, LogServer> started = new java.util.concurrent.ConcurrentSkipListMap<>();
    RuntimeException failure = null;
    for (Map.Entry<Integer, CompletableFuture<LogServer>> e : starting.entrySet()) {
      try {
        started.put(e.getKey(), e.getValue().join());
      } catch (CompletionException ex) {
        failure = ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
      }
    }
    if (failure != null) {
      started.values().forEach(LogServer::close);
      throw failure;
    }
    return new LocalCluster(started, perNode);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  /** The running node {@code id}. */
  public LogServer node(int id) {
    LogServer node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException("node " + id + " is not running; running: " + nodes.keySet());
    }
    return node;
  }

  /** {@code host:port,...} of every running node. */
  public String bootstrapServers() {
    return nodes.values().stream().map(LogServer::bootstrapServers).collect(Collectors.joining(","));
  }

  /**
   * Stops node {@code id} cleanly: with {@code controlled.shutdown.enable} (the default) its
   * leaderships have moved to other in-sync replicas and it has left the ISRs when this returns;
   * otherwise the others fence it after {@code broker.session.timeout.ms}.
   */
  public void close(int id) {
    LogServer node = nodes.remove(id);
    if (node != null) {
      node.close();
    }
  }

  /**
   * Starts node {@code id} again on its data (a new client port); it registers again and leads again
   * the partitions left without a leader while it was away.
   */
  public LogServer restart(int id) {
    Map<String, String> s = settings.get(id);
    if (s == null || nodes.containsKey(id)) {
      throw new IllegalArgumentException("node " + id + " is not a stopped node of this cluster");
    }
    LogServer node = LogServer.start(ServerConfig.of(s));
    nodes.put(id, node);
    return node;
  }

  @Override
  public void close() {
    for (Integer id : List.copyOf(nodes.keySet())) {
      close(id);
    }
  }
}
