package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.StateStore;
import io.runnel.state.Stores;
import io.runnel.state.changelog.OffsetCheckpoint;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.state.serde.Serde;
import io.runnel.streams.DeserializationExceptionHandler;
import io.runnel.streams.ErrorContext;
import io.runnel.streams.ErrorResponse;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an instance's global tables: one RocksDB store per global table in {@code
 * <state.dir>/<application.id>/global/rocksdb/<store>}, filled from ALL partitions of its source
 * topic by a consumer with manual assignment (no group). The source topic is the store's log, so
 * there is no changelog: {@link #bootstrap()} reads each partition from its checkpointed offset
 * (else the earliest) to the end offset captured at start, and {@link #commit()} flushes the stores
 * and then writes the consumer's positions to {@code global/.checkpoint} (one entry {@code
 * <topic>-<partition> <offset>} per partition, the next offset to read). A clean restart therefore
 * reads only what was written since.
 *
 * <p>A record with a null key is skipped; a null value deletes the key. Records are read with the
 * source serdes and written with the store serdes; a record that cannot be deserialized goes to the
 * configured deserialization handler (task id {@code global}).
 *
 * <p>Not thread-safe: bootstrap, poll, commit and close are called by one thread at a time (the
 * instance's thread that bootstraps, then the global thread). The stores it exposes through {@link
 * #stores()} may be read by any thread.
 */
public final class GlobalStateUpdater implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalStateUpdater.class);

  private final StreamsConfig config;
  private final Log log;
  private final Path dir;
  private final OffsetCheckpoint checkpoint;
  private final RocksDBResources resources;
  private final List<GlobalTableDef> defs;
  private final Map<String, Table> byTopic = new LinkedHashMap<>();
  private final DeserializationExceptionHandler deserializationHandler;
  private LogConsumer consumer;
  private GlobalStores stores = GlobalStores.NONE;

  /** The global tables of {@code graph}; nothing is opened until {@link #bootstrap()}. */
  public GlobalStateUpdater(
      TopologyGraph graph, StreamsConfig config, Log log, RocksDBResources resources) {
    this.config = config;
    this.log = log;
    this.resources = resources;
    this.defs = new ArrayList<>(graph.globalTables());
    this.dir = config.stateDir().resolve(config.applicationId()).resolve("global");
    this.checkpoint = new OffsetCheckpoint(dir);
    this.deserializationHandler = config.deserializationExceptionHandler();
  }

  /** Whether {@code graph} has global tables at all. */
  public static boolean needed(TopologyGraph graph) {
    return !graph.globalTables().isEmpty();
  }

  /**
   * Opens the stores and reads every partition of every global topic up to its current end, then
   * commits. Call before the stream threads process.
   *
   * @throws StreamsException naming a missing topic, a topic used by two global tables, or an
   *     unreadable record
   */
  public void bootstrap() {
    long startNs = System.nanoTime();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StreamsException("cannot create the global state directory " + dir + ": " + e, e);
    }
    List<TopicPartition> partitions = new ArrayList<>();
    Map<String, KeyValueStore<Bytes, byte[]>> opened = new LinkedHashMap<>();
    try {
      for (GlobalTableDef def : defs) {
        TopicSpec spec =
            log.describeTopic(def.topic())
                .orElseThrow(
                    () ->
                        new StreamsException(
                            "global table topic '" + def.topic() + "' does not exist; create it"));
        if (byTopic.containsKey(def.topic())) {
          throw new StreamsException(
              "topic '"
                  + def.topic()
                  + "' is the source of two global tables ('"
                  + byTopic.get(def.topic()).def.storeName()
                  + "' and '"
                  + def.storeName()
                  + "'); read it into one and join that");
        }
        KeyValueStore<Bytes, byte[]> store =
            Stores.rocksDbKeyValueStore(
                def.storeName(), dir.resolve("rocksdb").resolve(def.storeName()), resources);
        opened.put(def.storeName(), store);
        byTopic.put(def.topic(), new Table(def, store));
        for (int p = 0; p < spec.partitions(); p++) {
          partitions.add(new TopicPartition(def.topic(), p));
        }
      }
      stores = new GlobalStores(opened);
      consumer = log.newConsumer(null);
      consumer.assign(partitions);
      Map<String, Long> checkpointed = checkpoint.read();
      Map<TopicPartition, Long> start = new HashMap<>();
      for (TopicPartition tp : partitions) {
        Long offset = checkpointed.get(entryName(tp));
        if (offset != null) {
          consumer.seek(tp, offset);
        }
        start.put(tp, consumer.position(tp));
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long loaded = 0;
      Duration poll = Duration.ofMillis(config.pollMs());
      while (behind(end)) {
        loaded += poll(poll);
      }
      commit();
      LOG.info(
          "application {}: global stores {} loaded: {} records from {} partitions in {} ms",
          config.applicationId(),
          opened.keySet(),
          loaded,
          partitions.size(),
          (System.nanoTime() - startNs) / 1_000_000);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private boolean behind(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return true;
      }
    }
    return false;
  }

  /** The global stores, for the stream threads; {@link GlobalStores#NONE} before bootstrap. */
  public GlobalStores stores() {
    return stores;
  }

  /**
   * Polls the global topics once and applies what came.
   *
   * @return the number of records read
   */
  public int poll(Duration timeout) {
    List<LogRecord> records = consumer.poll(timeout);
    for (LogRecord record : records) {
      Table table = byTopic.get(record.topic());
      if (table == null) {
        throw new IllegalStateException("global consumer got a record of " + record.topic());
      }
      table.apply(record);
    }
    return records.size();
  }

  /** Flushes the stores, then writes the consumer's positions to the checkpoint. */
  public void commit() {
    if (consumer == null) {
      return;
    }
    for (Table table : byTopic.values()) {
      table.store.flush();
    }
    Map<String, Long> positions = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      positions.put(entryName(tp), consumer.position(tp));
    }
    checkpoint.write(positions);
  }

  private static String entryName(TopicPartition tp) {
    return tp.topic() + "-" + tp.partition();
  }

  /** Closes the consumer and the stores without committing (commit first to keep positions). */
  @Override
  public void close() {
    if (consumer != null) {
      consumer.close();
    }
    closeStores(byTopic.values());
  }

  private static void closeStores(Collection<Table> tables) {
    for (Table table : tables) {
      StateStore store = table.store;
      store.close();
    }
  }

  /** One global table: its store and resolved serdes. */
  private final class Table {
    private final GlobalTableDef def;
    private final KeyValueStore<Bytes, byte[]> store;
    private final Serde<Object> sourceKeySerde;
    private final Serde<Object> sourceValueSerde;
    private final Serde<Object> keySerde;
    private final Serde<Object> valueSerde;

    Table(GlobalTableDef def, KeyValueStore<Bytes, byte[]> store) {
      this.def = def;
      this.store = store;
      this.sourceKeySerde = serde(def.sourceKeySerde(), config.defaultKeySerde());
      this.sourceValueSerde = serde(def.sourceValueSerde(), config.defaultValueSerde());
      this.keySerde = serde(def.keySerde(), config.defaultKeySerde());
      this.valueSerde = serde(def.valueSerde(), config.defaultValueSerde());
    }

    void apply(LogRecord record) {
      if (record.key() == null) {
        return;
      }
      Object key;
      Object value;
      try {
        key = sourceKeySerde.deserialize(record.key());
        value = record.value() == null ? null : sourceValueSerde.deserialize(record.value());
      } catch (RuntimeException e) {
        ErrorContext where =
            new ErrorContext("global", record.topic(), record.partition(), record.offset());
        if (deserializationHandler.handle(where, record.key(), record.value(), e)
            == ErrorResponse.CONTINUE) {
          return;
        }
        throw new StreamsException(
            "cannot deserialize the record at "
                + where.describe()
                + " for global store '"
                + def.storeName()
                + "': "
                + e,
            e);
      }
      // The same serde writes the same bytes: keep the record's own and skip re-serializing.
      Bytes storeKey =
          Bytes.wrap(keySerde == sourceKeySerde ? record.key() : keySerde.serialize(key));
      if (value == null) {
        store.delete(storeKey);
      } else {
        store.put(
            storeKey,
            valueSerde == sourceValueSerde ? record.value() : valueSerde.serialize(value));
      }
    }
  }

  private static Serde<Object> serde(Serde<?> serde, Serde<?> fallback) {
    return Casts.cast(serde != null ? serde : fallback);
  }
}
