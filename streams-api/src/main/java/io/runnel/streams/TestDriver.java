package io.runnel.streams;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.state.serde.Serde;
import io.runnel.streams.internal.GlobalStateUpdater;
import io.runnel.streams.internal.GlobalTableDef;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.StreamThread;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a {@link Topology} for users' unit tests on a fresh memory log, with the real runtime:
 * several partitions per topic, repartition and changelog topics, RocksDB stores with caches and
 * checkpoints. Input and output topics are created with the given partition count. Every piped
 * record is processed to the end (through repartition topics too) and committed before {@code
 * pipeInput} returns, so outputs are deterministic: a table emits each key's latest value once per
 * piped record.
 *
 * <pre>{@code
 * try (TestDriver driver = new TestDriver(topology, Map.of("application.id", "wc"), 4)) {
 *   Serde<String> s = Serdes.string();
 *   TestInputTopic<String, String> lines = driver.inputTopic("lines", s, s);
 *   TestOutputTopic<String, Long> counts = driver.outputTopic("counts", s, Serdes.longs());
 *   lines.pipeInput(null, "a b a");
 *   assertThat(counts.readKeyValuesToMap()).containsEntry("a", 2L);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: everything runs on the test's thread. {@code state.dir} defaults to a
 * temporary directory deleted on {@link #close()}.
 */
public final class TestDriver implements AutoCloseable {
  private final MemoryLog log = new MemoryLog();
  private final StreamThread thread;
  private final GlobalStateUpdater global;
  private final RocksDBResources resources;
  private final LogProducer producer;
  private final Path ownStateDir;
  private long wallClockMs;

  /**
   * Starts {@code topology}.
   *
   * @param config streams configuration; {@code application.id} defaults to {@code test-driver}
   * @param partitions the partition count of the input and output topics
   */
  public TestDriver(Topology topology, Map<String, String> config, int partitions) {
    Map<String, String> props = new HashMap<>(config);
    props.put(StreamsConfig.LOG_BACKEND, "memory");
    props.putIfAbsent(StreamsConfig.APPLICATION_ID, "test-driver");
    // The driver commits after every piped record; the thread never does on its own.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS, String.valueOf(Long.MAX_VALUE));
    if (!props.containsKey(StreamsConfig.STATE_DIR)) {
      try {
        ownStateDir = Files.createTempDirectory("runnel-test-driver");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a state directory for the test driver", e);
      }
      props.put(StreamsConfig.STATE_DIR, ownStateDir.toString());
    } else {
      ownStateDir = null;
    }
    StreamsConfig streamsConfig = StreamsConfig.from(props);
    for (NodeDef node : topology.graph().nodes()) {
      if (node.topic() != null && !node.internalTopic()) {
        log.createTopic(TopicSpec.of(node.topic(), partitions));
      }
    }
    for (GlobalTableDef table : topology.graph().globalTables()) {
      log.createTopic(TopicSpec.of(table.topic(), partitions));
    }
    this.resources = new RocksDBResources(streamsConfig.stateConfig());
    this.producer = log.newProducer();
    this.thread =
        new StreamThread(
            topology.graph(),
            streamsConfig,
            log,
            resources,
            RestoreListener.NONE,
            new StreamThread.StateListener() {
              @Override
              public void onRebalancing() {}

              @Override
              public void onRunning() {}
            },
            () -> wallClockMs);
    if (GlobalStateUpdater.needed(topology.graph())) {
      global = new GlobalStateUpdater(topology.graph(), streamsConfig, log, resources);
      global.bootstrap();
      thread.globalStores(global.stores());
    } else {
      global = null;
    }
    thread.start();
    drain();
  }

  /** Writes into input topic {@code topic} with these serdes. */
  public <K, V> TestInputTopic<K, V> inputTopic(
      String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    return new TestInputTopic<>(this, topic, keySerde, valueSerde);
  }

  /** Reads output topic {@code topic} with these serdes. */
  public <K, V> TestOutputTopic<K, V> outputTopic(
      String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    return new TestOutputTopic<>(this, topic, keySerde, valueSerde);
  }

  /**
   * The contents of store {@code name} across every task, in task then key order.
   *
   * @throws StreamsException if the topology has no such store
   */
  public <K, V> Map<K, V> store(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    Map<K, V> out = new LinkedHashMap<>();
    for (KeyValueStore<Bytes, byte[]> store : thread.stores(name).values()) {
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        while (it.hasNext()) {
          KeyValue<Bytes, byte[]> entry = it.next();
          out.put(keySerde.deserialize(entry.key().get()), valueSerde.deserialize(entry.value()));
        }
      }
    }
    return out;
  }

  /**
   * The contents of global store {@code name} (a global table), in key order.
   *
   * @throws StreamsException if the topology has no such global store
   */
  public <K, V> Map<K, V> globalStore(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    if (global == null) {
      throw new StreamsException(
          "the topology has no global table, so no global store '" + name + "'");
    }
    Map<K, V> out = new LinkedHashMap<>();
    try (KeyValueIterator<Bytes, byte[]> it = global.stores().store(name).all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> entry = it.next();
        out.put(keySerde.deserialize(entry.key().get()), valueSerde.deserialize(entry.value()));
      }
    }
    return out;
  }

  /**
   * The contents of window store {@code name} across every task, in task, then segment, key and
   * window start order.
   *
   * @throws StreamsException if the topology has no such store or it is not a window store
   */
  public <K, V> Map<Windowed<K>, V> windowStore(
      String name, Serde<K> keySerde, Serde<V> valueSerde) {
    Map<Windowed<K>, V> out = new LinkedHashMap<>();
    for (WindowStore<Bytes, byte[]> store : thread.windowStores(name).values()) {
      try (KeyValueIterator<Windowed<Bytes>, byte[]> it = store.all()) {
        while (it.hasNext()) {
          KeyValue<Windowed<Bytes>, byte[]> entry = it.next();
          Windowed<Bytes> w = entry.key();
          out.put(
              new Windowed<>(keySerde.deserialize(w.key().get()), w.start(), w.end()),
              valueSerde.deserialize(entry.value()));
        }
      }
    }
    return out;
  }

  /**
   * The runtime's counters by name, for example {@code dropped-records-total} (records a windowed
   * operation dropped as late).
   */
  public Map<String, Long> metrics() {
    return thread.metrics().snapshot();
  }

  /**
   * Moves the driver's wall clock (which starts at 0 and stands still otherwise) forward, fires the
   * wall-clock punctuators that became due, and processes and commits what they produced.
   *
   * @throws IllegalArgumentException if {@code advance} is negative
   */
  public void advanceWallClockTime(Duration advance) {
    if (advance.isNegative()) {
      throw new IllegalArgumentException("cannot move the wall clock back by " + advance);
    }
    wallClockMs += advance.toMillis();
    drain();
  }

  /** The driver's wall clock, epoch milliseconds (0 until advanced). */
  public long wallClockMs() {
    return wallClockMs;
  }

  /** The memory log the topology runs on (every topic, internal ones included). */
  public MemoryLog log() {
    return log;
  }

  void pipe(String topic, byte[] key, byte[] value, long timestamp) {
    int partitions =
        log.describeTopic(topic)
            .orElseThrow(() -> new StreamsException("topic '" + topic + "' is not an input topic"))
            .partitions();
    int partition = key == null ? 0 : KeyPartitioner.partition(key, partitions);
    producer.send(new TopicPartition(topic, partition), key, value, timestamp).join();
    drain();
  }

  /** Processes until nothing is left, committing in between (commits may emit table updates). */
  private void drain() {
    if (global != null) {
      // Global tables first: the driver's global thread runs here, so a row piped before a stream
      // record is seen by its join.
      while (global.poll(Duration.ZERO) > 0) {
        // keep going
      }
      global.commit();
    }
    while (true) {
      while (thread.runOnce(Duration.ZERO) > 0) {
        // keep going: repartition topics feed the same tasks
      }
      thread.commit();
      if (thread.runOnce(Duration.ZERO) == 0) {
        return;
      }
    }
  }

  /** Closes the runtime (commit, checkpoints) and deletes the driver's own state directory. */
  @Override
  public void close() {
    try {
      thread.close();
      if (global != null) {
        global.commit();
      }
    } finally {
      if (global != null) {
        global.close();
      }
      resources.close();
      if (ownStateDir != null) {
        deleteRecursively(ownStateDir);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
