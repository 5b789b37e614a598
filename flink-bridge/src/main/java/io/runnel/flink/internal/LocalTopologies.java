package io.runnel.flink.internal;

import io.runnel.flink.TopologySource;
import io.runnel.streams.Topology;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This JVM's topologies handed to FlinkRunner as objects, by id, so tasks of a local MiniCluster in
 * the same JVM find them. Thread-safe.
 */
public final class LocalTopologies {
  private static final Map<String, Topology> TOPOLOGIES = new ConcurrentHashMap<>();

  private LocalTopologies() {}

  /** Registers {@code topology}; the source returned finds it while it stays registered. */
  public static TopologySource register(Topology topology) {
    String id = UUID.randomUUID().toString();
    TOPOLOGIES.put(id, topology);
    return new Local(id);
  }

  /** Forgets the topology of {@code source} if it is a local one. */
  public static void release(TopologySource source) {
    if (source instanceof Local local) {
      TOPOLOGIES.remove(local.id);
    }
  }

  private static final class Local implements TopologySource {
    private static final long serialVersionUID = 1L;
    private final String id;

    Local(String id) {
      this.id = id;
    }

    @Override
    public Topology topology() {
      Topology topology = TOPOLOGIES.get(id);
      if (topology == null) {
        throw new IllegalStateException(
            "topology "
                + id
                + " was handed to FlinkRunner as an object in another JVM (or its job ended):"
                + " on a Flink cluster use FlinkRunner with TopologySource.ofClass(\"your.App\")");
      }
      return topology;
    }
  }
}
