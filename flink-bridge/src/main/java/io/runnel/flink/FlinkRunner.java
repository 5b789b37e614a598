package io.runnel.flink;

import io.runnel.flink.internal.JobBuilder;
import io.runnel.flink.internal.LocalTopologies;
import io.runnel.flink.internal.TopologyPlan;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.Topology;
import io.runnel.streams.internal.NodeDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a streams-api {@link Topology} as an Apache Flink DataStream job on the environment Flink
 * gives this JVM: a local MiniCluster when started from a plain JVM or a test's MiniCluster
 * extension, the cluster when submitted with {@code flink run}.
 *
 * <p>The topology reads and writes the log through the Kafka protocol (flink-connector-kafka), with
 * the serdes of the topology applied in the operators; {@code groupBy}/{@code groupByKey} become a
 * keyBy on the serialized key, aggregations keyed state, and checkpoints are on. A topology with a
 * node that does not translate is refused before anything is submitted ({@link
 * UnsupportedTopologyException}, naming the node).
 *
 * <p>Configuration: the streams keys ({@value StreamsConfig#APPLICATION_ID} — also the consumer
 * group whose offsets are committed on checkpoints — {@value StreamsConfig#BOOTSTRAP_SERVERS},
 * {@value StreamsConfig#DEFAULT_KEY_SERDE}, {@value StreamsConfig#DEFAULT_VALUE_SERDE}, the
 * deserialization handler) and {@link #PARALLELISM}, {@link #CHECKPOINT_INTERVAL_MS}, {@link
 * #EMIT_INTERVAL_MS}. Stateless; callable from any thread.
 */
public final class FlinkRunner {
  /** The job's parallelism; default: the environment's. */
  public static final String PARALLELISM = "flink.parallelism";

  /** Milliseconds between checkpoints; default 10000. */
  public static final String CHECKPOINT_INTERVAL_MS = "flink.checkpoint.interval.ms";

  /** The default of {@link #CHECKPOINT_INTERVAL_MS}. */
  public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

  /**
   * How often an aggregation forwards the changes of a key (or window) that changed, in
   * milliseconds, as the native record cache does once per commit; 0 forwards every update. Default
   * 1000.
   */
  public static final String EMIT_INTERVAL_MS = "flink.emit.interval.ms";

  private FlinkRunner() {}

  /**
   * Checks that every node of {@code topology} translates.
   *
   * @throws UnsupportedTopologyException naming the first node that does not
   */
  public static void check(Topology topology) {
    TopologyPlan.of(topology.graph());
  }

  /**
   * The topics {@code topology} reads and writes (not counting repartitions, which Flink skips).
   */
  public static List<String> topics(Topology topology) {
    List<String> topics = new ArrayList<>();
    for (NodeDef node : topology.graph().nodes()) {
      if (node.topic() != null && !node.internalTopic() && !topics.contains(node.topic())) {
        topics.add(node.topic());
      }
    }
    return topics;
  }

  /**
   * Runs {@code topology} until the job ends (it is cancelled, or fails); for jobs in this JVM.
   *
   * @throws UnsupportedTopologyException before anything starts, if a node does not translate
   * @throws IllegalArgumentException naming a bad or missing configuration key
   */
  public static void run(Topology topology, Map<String, String> config) {
    run(TopologySource.local(topology), config);
  }

  /** Runs the topology {@code source} gives until the job ends; see {@link #run(Topology, Map)}. */
  public static void run(TopologySource source, Map<String, String> config) {
    try {
      StreamExecutionEnvironment env = environment(source, config);
      env.execute(jobName(config));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Flink job " + jobName(config) + " failed: " + e, e);
    } finally {
      LocalTopologies.release(source);
    }
  }

  /**
   * Starts {@code topology} and returns at once; close the handle to cancel it. For jobs in this
   * JVM.
   *
   * @throws UnsupportedTopologyException before anything starts, if a node does not translate
   */
  public static FlinkJob start(Topology topology, Map<String, String> config) {
    return start(TopologySource.local(topology), config);
  }

  /** Starts the topology {@code source} gives; see {@link #start(Topology, Map)}. */
  public static FlinkJob start(TopologySource source, Map<String, String> config) {
    try {
      JobClient client = environment(source, config).executeAsync(jobName(config));
      return new FlinkJob(client, source);
    } catch (RuntimeException e) {
      LocalTopologies.release(source);
      throw e;
    } catch (Exception e) {
      LocalTopologies.release(source);
      throw new IllegalStateException("cannot start Flink job " + jobName(config) + ": " + e, e);
    }
  }

  private static StreamExecutionEnvironment environment(
      TopologySource source, Map<String, String> config) {
    TopologyPlan plan = TopologyPlan.of(source.topology().graph());
    validate(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    String parallelism = config.get(PARALLELISM);
    if (parallelism != null) {
      env.setParallelism((int) positive(PARALLELISM, parallelism));
    }
    String interval = config.get(CHECKPOINT_INTERVAL_MS);
    env.enableCheckpointing(
        interval == null
            ? DEFAULT_CHECKPOINT_INTERVAL_MS
            : positive(CHECKPOINT_INTERVAL_MS, interval));
    JobBuilder.build(env, plan, source, config);
    return env;
  }

  private static void validate(Map<String, String> config) {
    String emit = config.get(EMIT_INTERVAL_MS);
    if (emit != null && !emit.trim().matches("\\d{1,18}")) {
      throw new IllegalArgumentException(
          "config key '"
              + EMIT_INTERVAL_MS
              + "' is '"
              + emit
              + "': it must be a whole number >= 0");
    }
    for (String key : List.of(StreamsConfig.APPLICATION_ID, StreamsConfig.BOOTSTRAP_SERVERS)) {
      String value = config.get(key);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "config key '" + key + "' is missing: flink-bridge needs it to reach the log");
      }
    }
    StreamsConfig.from(config);
  }

  private static long positive(String key, String value) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "config key '" + key + "' is '" + value + "': it must be a whole number > 0");
  }

  private static String jobName(Map<String, String> config) {
    return "runnel " + config.getOrDefault(StreamsConfig.APPLICATION_ID, "app");
  }
}
