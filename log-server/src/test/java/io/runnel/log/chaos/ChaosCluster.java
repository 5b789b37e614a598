package io.runnel.log.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Three (or n) log-server nodes as child JVMs on loopback, each behind its own {@link TcpProxy}.
 *
 * <p>Ports: per node a client listener port, a proxy port and a quorum port, all free loopback
 * ports picked once, so a restarted node comes back on the same addresses. The node listens on its
 * listener port and advertises the proxy's port ({@code advertised.listeners}), so clients and
 * other nodes' followers reach it only through the proxy. The metadata quorum (Ratis) talks on the
 * quorum ports directly: a cut stops a node's client and replication traffic, not its heartbeats, so
 * the node stays registered while nobody can fetch from it or produce to it (a SIGSTOP is the fault
 * that silences a node entirely).
 *
 * <p>Data: {@code <dir>/node-<id>/data}, logs {@code <dir>/node-<id>.log}. Not thread-safe (see
 * {@link NodeProcess}).
 */
final class ChaosCluster implements AutoCloseable {
  private final Map<Integer, NodeProcess> nodes = new TreeMap<>();
  private final Map<Integer, TcpProxy> proxies = new TreeMap<>();
  private final Map<Integer, Path> dataDirs = new TreeMap<>();

  /**
   * Writes each node's properties and opens the proxies; nothing is started yet.
   *
   * @param settings server settings on top of the ones this class sets (e.g. {@code
   *     default.replication.factor}, {@code broker.session.timeout.ms})
   */
  ChaosCluster(int size, Path dir, Map<String, String> settings, String classpath, List<String> jvmOptions) {
    List<String> voters = new ArrayList<>();
    Map<Integer, Integer> listenerPorts = new TreeMap<>();
    for (int id = 1; id <= size; id++) {
      voters.add(id + "@127.0.0.1:" + freePort());
      listenerPorts.put(id, freePort());
    }
    try {
      for (int id = 1; id <= size; id++) {
        TcpProxy proxy = new TcpProxy("node-" + id, listenerPorts.get(id));
        proxies.put(id, proxy);
        Path data = dir.resolve("node-" + id).resolve("data");
        Files.createDirectories(data);
        dataDirs.put(id, data);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("node.id", Integer.toString(id));
        all.put("listeners", "PLAINTEXT://127.0.0.1:" + listenerPorts.get(id));
        all.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port());
        all.put("controller.quorum.voters", String.join(",", voters));
        all.put("log.dirs", data.toString());
        all.putAll(settings);
        Path config = dir.resolve("node-" + id + ".properties");
        Properties p = new Properties();
        p.putAll(all);
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
          p.store(w, "chaos node " + id);
        }
        nodes.put(id, new NodeProcess(id, config, dir.resolve("node-" + id + ".log"), classpath, jvmOptions));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot write the chaos nodes' configuration under " + dir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  /** Starts every node at once (each waits for a majority of voters) and waits until all serve. */
  void startAll(Duration timeout) throws InterruptedException {
    nodes.values().forEach(NodeProcess::start);
    for (NodeProcess node : nodes.values()) {
      node.awaitReady(timeout);
    }
  }

  /** Every node's proxy address, as a client's bootstrap.servers. */
  String bootstrapServers() {
    return proxies.values().stream().map(p -> "127.0.0.1:" + p.port()).collect(Collectors.joining(","));
  }

  List<Integer> ids() {
    return List.copyOf(nodes.keySet());
  }

  NodeProcess node(int id) {
    return nodes.get(id);
  }

  TcpProxy proxy(int id) {
    return proxies.get(id);
  }

  Path dataDir(int id) {
    return dataDirs.get(id);
  }

  /** Heals every proxy, resumes paused nodes and starts dead ones, then waits until all serve. */
  void healAll(Duration timeout) throws InterruptedException {
    proxies.values().forEach(TcpProxy::heal);
    List<NodeProcess> started = new ArrayList<>();
    for (NodeProcess node : nodes.values()) {
      node.resume();
      if (!node.isAlive()) {
        node.start();
        started.add(node);
      }
    }
    for (NodeProcess node : started) {
      node.awaitReady(timeout);
    }
  }

  /** Has every running node print its threads' stacks into its log, and gives them a second to. */
  void dumpThreads() throws InterruptedException {
    for (NodeProcess node : nodes.values()) {
      node.dumpThreads();
    }
    Thread.sleep(1000);
  }

  /** Stops every node cleanly (SIGTERM; SIGKILL after the grace). */
  void stopAll(Duration grace) throws InterruptedException {
    for (NodeProcess node : nodes.values()) {
      node.terminate();
    }
    for (NodeProcess node : nodes.values()) {
      node.awaitExit(grace);
    }
  }

  @Override
  public void close() {
    try {
      for (NodeProcess node : nodes.values()) {
        node.kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    proxies.values().forEach(TcpProxy::close);
  }
}
