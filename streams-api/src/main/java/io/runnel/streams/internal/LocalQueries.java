package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.WindowStore;
import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.TaskOwner;
import io.runnel.streams.query.HostInfo;
import io.runnel.streams.query.InvalidStateStoreException;
import io.runnel.streams.query.KeyQueryMetadata;
import io.runnel.streams.query.ReadOnlyKeyValueStore;
import io.runnel.streams.query.ReadOnlyWindowStore;
import io.runnel.streams.query.StreamsMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Interactive queries over an instance's stream threads: read-only store views that read every
 * local task's store under its thread's query lock, and the group's task map turned into instance
 * metadata.
 *
 * <p>Thread-safe: holds no state of its own beyond the immutable topology; each call reads the
 * threads' published task maps.
 */
public final class LocalQueries {
  private static final Comparator<KeyValue<Bytes, byte[]>> BY_KEY =
      Comparator.comparing(KeyValue::key);

  private final String applicationId;
  private final Map<String, StoreDef> stores = new LinkedHashMap<>();
  private final Supplier<List<StreamThread>> threads;
  private final Supplier<String> notRunning;

  /**
   * Queries of the topology {@code graph} of {@code applicationId}.
   *
   * @param threads the instance's stream threads, empty before start
   * @param notRunning why the application cannot be queried now (for example "it is REBALANCING"),
   *     or null if it is running
   */
  public LocalQueries(
      String applicationId,
      TopologyGraph graph,
      Supplier<List<StreamThread>> threads,
      Supplier<String> notRunning) {
    this.applicationId = applicationId;
    for (StoreDef def : graph.stores()) {
      stores.put(def.name(), def);
    }
    this.threads = threads;
    this.notRunning = notRunning;
  }

  /** A view of key-value store {@code name}; see {@link ReadOnlyKeyValueStore}. */
  public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(
      String name, Serde<K> keySerde, Serde<V> valueSerde) {
    requireKind(name, StoreDef.Kind.KEY_VALUE, "key-value");
    return new ReadOnlyKeyValueStore<>() {
      @Override
      public V get(K key) {
        Bytes k = Bytes.wrap(keySerde.serialize(key));
        for (byte[] value : collect(name, task -> single(task.store(name).get(k)))) {
          return valueSerde.deserialize(value);
        }
        return null;
      }

      @Override
      public List<KeyValue<K, V>> range(K from, K to) {
        Bytes f = from == null ? null : Bytes.wrap(keySerde.serialize(from));
        Bytes t = to == null ? null : Bytes.wrap(keySerde.serialize(to));
        return typed(collect(name, task -> drain(task.store(name).range(f, t))));
      }

      @Override
      public List<KeyValue<K, V>> all() {
        return typed(collect(name, task -> drain(task.store(name).all())));
      }

      @Override
      public long approximateNumEntries() {
        long sum = 0;
        for (long n : collect(name, task -> List.of(task.store(name).approximateNumEntries()))) {
          sum += n;
        }
        return sum;
      }

      private List<KeyValue<K, V>> typed(List<KeyValue<Bytes, byte[]>> entries) {
        entries.sort(BY_KEY);
        List<KeyValue<K, V>> out = new ArrayList<>(entries.size());
        for (KeyValue<Bytes, byte[]> e : entries) {
          out.add(
              KeyValue.pair(keySerde.deserialize(e.key().get()), valueSerde.deserialize(e.value())));
        }
        return out;
      }
    };
  }

  /** A view of window store {@code name}; see {@link ReadOnlyWindowStore}. */
  public <K, V> ReadOnlyWindowStore<K, V> windowStore(
      String name, Serde<K> keySerde, Serde<V> valueSerde) {
    requireKind(name, StoreDef.Kind.WINDOW, "window");
    return (key, from, to) -> {
      Bytes k = Bytes.wrap(keySerde.serialize(key));
      long f = from.toEpochMilli();
      long t = to.toEpochMilli();
      List<KeyValue<Long, byte[]>> found =
          collect(
              name,
              task -> {
                WindowStore<Bytes, byte[]> store = task.windowStore(name);
                List<KeyValue<Long, byte[]>> out = new ArrayList<>();
                try (KeyValueIterator<Long, byte[]> it = store.fetch(k, f, t)) {
                  it.forEachRemaining(out::add);
                }
                return out;
              });
      found.sort(Comparator.comparing(KeyValue::key));
      List<KeyValue<Long, V>> out = new ArrayList<>(found.size());
      for (KeyValue<Long, byte[]> e : found) {
        out.add(KeyValue.pair(e.key(), valueSerde.deserialize(e.value())));
      }
      return out;
    };
  }

  /**
   * The instances of the application with an {@code application.server}, their tasks and stores,
   * as this instance's latest assignment shows them.
   *
   * @throws InvalidStateStoreException (retriable) while the application is not running
   */
  public List<StreamsMetadata> allMetadata() {
    Map<String, Set<String>> tasksByHost = new LinkedHashMap<>();
    for (TaskOwner owner : owners()) {
      if (owner.endpoint() == null) {
        continue;
      }
      Set<String> ids = tasksByHost.computeIfAbsent(owner.endpoint(), e -> new TreeSet<>());
      for (int task : owner.tasks()) {
        ids.add("0_" + task);
      }
    }
    List<StreamsMetadata> out = new ArrayList<>();
    tasksByHost.forEach(
        (endpoint, ids) ->
            out.add(
                new StreamsMetadata(
                    HostInfo.parse(endpoint), ids.isEmpty() ? Set.of() : stores.keySet(), ids)));
    return out;
  }

  /**
   * The instance holding {@code key}'s task for store {@code store}: the task is the murmur2
   * partition of the serialized key among the application's tasks, as the DSL partitions keys.
   *
   * @throws InvalidStateStoreException (retriable) while the application is not running
   * @throws StreamsException if there is no such store, or the holder gave no {@code
   *     application.server}
   */
  public <K> KeyQueryMetadata queryMetadataForKey(String store, K key, Serde<K> keySerde) {
    if (!stores.containsKey(store)) {
      throw unknownStore(store);
    }
    List<TaskOwner> owners = owners();
    int tasks = 0;
    for (TaskOwner owner : owners) {
      tasks += owner.tasks().size();
    }
    if (tasks == 0) {
      throw new InvalidStateStoreException(
          "application '" + applicationId + "' has no assigned tasks yet; retry");
    }
    int partition = KeyPartitioner.partition(keySerde.serialize(key), tasks);
    for (TaskOwner owner : owners) {
      if (owner.tasks().contains(partition)) {
        if (owner.endpoint() == null) {
          throw new StreamsException(
              "task 0_"
                  + partition
                  + " holding the key of store '"
                  + store
                  + "' is on member "
                  + owner.memberId()
                  + ", which set no application.server; set it on every instance");
        }
        return new KeyQueryMetadata(HostInfo.parse(owner.endpoint()), partition);
      }
    }
    throw new InvalidStateStoreException(
        "task 0_" + partition + " of application '" + applicationId + "' is unassigned; retry");
  }

  private List<TaskOwner> owners() {
    List<StreamThread> all = checkRunning("metadata");
    List<TaskOwner> owners = all.get(0).groupTasks();
    for (StreamThread thread : all) {
      if (thread.rebalancing()) {
        throw new InvalidStateStoreException(
            "the metadata of application '" + applicationId + "' is rebalancing; retry");
      }
    }
    return owners;
  }

  private List<StreamThread> checkRunning(String what) {
    String why = notRunning.get();
    List<StreamThread> all = threads.get();
    if (why != null || all.isEmpty()) {
      throw new InvalidStateStoreException(
          "cannot query "
              + what
              + " of application '"
              + applicationId
              + "': "
              + (why != null ? why : "it is not started")
              + "; retry once it is RUNNING");
    }
    return all;
  }

  /** Runs {@code perTask} on every local task of every thread and concatenates the results. */
  private <T> List<T> collect(String store, Function<StreamTask, List<T>> perTask) {
    List<T> out = new ArrayList<>();
    for (StreamThread thread : checkRunning("state store '" + store + "'")) {
      out.addAll(
          thread.query(
              store,
              tasks -> {
                List<T> found = new ArrayList<>();
                for (StreamTask task : tasks.values()) {
                  found.addAll(perTask.apply(task));
                }
                return found;
              }));
    }
    return out;
  }

  private static List<byte[]> single(byte[] value) {
    return value == null ? List.of() : List.of(value);
  }

  private static List<KeyValue<Bytes, byte[]>> drain(KeyValueIterator<Bytes, byte[]> it) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private void requireKind(String name, StoreDef.Kind kind, String what) {
    StoreDef def = stores.get(name);
    if (def == null) {
      throw unknownStore(name);
    }
    if (def.kind() != kind) {
      throw new StreamsException(
          "state store '" + name + "' is a " + def.kind() + " store, not a " + what + " store");
    }
  }

  private StreamsException unknownStore(String name) {
    return new StreamsException(
        "application '"
            + applicationId
            + "' has no state store '"
            + name
            + "'; its stores are "
            + stores.keySet());
  }
}
