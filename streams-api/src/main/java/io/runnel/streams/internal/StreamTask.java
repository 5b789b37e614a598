package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.StateStore;
import io.runnel.state.WindowStore;
import io.runnel.state.changelog.OffsetCheckpoint;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.state.changelog.StateRestorer;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.streams.ErrorContext;
import io.runnel.streams.ErrorResponse;
import io.runnel.streams.ProcessingExceptionHandler;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.processor.PunctuationType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task: partition {@code p} of every input and repartition topic, with its own processors and
 * stores in {@code <state.dir>/<application.id>/0_<p>}. Tracks the next input offset to commit per
 * topic-partition.
 *
 * <p>Not thread-safe: owned by one stream thread.
 */
final class StreamTask implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);

  private final int partition;
  private final String applicationId;
  private final OffsetCheckpoint checkpoint;
  private final TaskContext context;
  private final Map<String, StoreStack> stores = new LinkedHashMap<>();
  private final Map<String, Processor> sources = new HashMap<>();
  private final List<Processor> processors = new ArrayList<>();
  private final Map<TopicPartition, Long> offsets = new HashMap<>();
  private final ProcessingExceptionHandler processingHandler;
  private boolean initialized;

  StreamTask(
      int partition,
      TopologyGraph graph,
      StreamsConfig config,
      LogProducer producer,
      SendFailures failures,
      TopicPartitionCounts topicPartitions,
      RocksDBResources resources,
      StreamMetrics metrics,
      LongSupplier wallClock) {
    this.partition = partition;
    this.applicationId = config.applicationId();
    Path taskDir = config.stateDir().resolve(applicationId).resolve("0_" + partition);
    try {
      Files.createDirectories(taskDir);
    } catch (IOException e) {
      throw new StreamsException("cannot create task directory " + taskDir + ": " + e, e);
    }
    this.checkpoint = new OffsetCheckpoint(taskDir);
    this.context =
        new TaskContext(
            partition,
            applicationId,
            config.defaultKeySerde(),
            config.defaultValueSerde(),
            producer,
            failures,
            topicPartitions,
            stores,
            metrics,
            config.deserializationExceptionHandler(),
            wallClock);
    this.processingHandler = config.processingExceptionHandler();
    long cacheBytes = config.stateConfig().cacheMaxBytes();
    try {
      for (StoreDef def : graph.stores()) {
        TopicPartition changelog =
            new TopicPartition(applicationId + "-" + def.changelogSuffix(), partition);
        stores.put(
            def.name(),
            new StoreStack(
                def,
                taskDir,
                resources,
                new LogChangelogWriter(producer, changelog, failures),
                cacheBytes,
                context::timestamp));
      }
      buildProcessors(graph);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void buildProcessors(TopologyGraph graph) {
    Map<String, Downstream> downstreams = new HashMap<>();
    for (NodeDef node : graph.nodes()) {
      Downstream out = new Downstream();
      downstreams.put(node.name(), out);
      Processor processor = node.factory().create(context, out);
      processors.add(processor);
      for (String parent : node.parents()) {
        downstreams.get(parent).add(processor);
      }
      if (node.kind() == NodeDef.Kind.SOURCE) {
        sources.put(context.topicName(node.topic(), node.internalTopic()), processor);
      }
    }
  }

  int partition() {
    return partition;
  }

  /** Gives the task the instance's global stores; call before {@link #restore}. */
  void globalStores(GlobalStores globalStores) {
    context.globalStores(globalStores);
  }

  /** Restores every store from its changelog, from the checkpoint to the current end. */
  long restore(StateRestorer restorer, LogConsumer restoreConsumer) {
    Map<String, Long> checkpointed = checkpoint.read();
    long restored = 0;
    for (StoreStack store : stores.values()) {
      TopicPartition changelog =
          new TopicPartition(applicationId + "-" + store.def().changelogSuffix(), partition);
      RestoreProgress progress =
          restorer.restore(
              store.def().name(),
              store.state().restoreTarget(),
              new LogChangelogReader(restoreConsumer, changelog),
              checkpointed.getOrDefault(store.def().name(), OffsetCheckpoint.NONE));
      store.changelog().restoredTo(progress.lastOffset());
      restored += progress.restored();
      if (progress.restored() > 0) {
        LOG.info(
            "task 0_{}: restored state store '{}' from {}: {} of {} records, {} records/s",
            partition,
            store.def().name(),
            changelog,
            progress.restored(),
            progress.total(),
            Math.round(progress.recordsPerSecond()));
      }
    }
    initProcessors();
    return restored;
  }

  private void initProcessors() {
    if (initialized) {
      return;
    }
    initialized = true;
    for (Processor processor : processors) {
      processor.init();
    }
  }

  /** Fires the wall-clock punctuators that are due at {@code nowMs}. */
  void punctuateWallClock(long nowMs) {
    punctuate(PunctuationType.WALL_CLOCK_TIME, nowMs);
  }

  private void punctuate(PunctuationType type, long now) {
    context.record(null, -1, -1);
    try {
      context.punctuations().advance(type, now);
    } catch (RuntimeException e) {
      throw new StreamsException(
          "a " + type + " punctuator of task " + context.taskId() + " failed at " + now + ": " + e,
          e);
    }
  }

  /**
   * Processes one input record through the topology, asking the processing error handler if it
   * throws, then fires the stream-time punctuators that became due.
   */
  void process(LogRecord record) {
    Processor source = sources.get(record.topic());
    if (source == null) {
      throw new StreamsException(
          "task 0_"
              + partition
              + " got a record of "
              + record.topicPartition()
              + " it does not read");
    }
    context.timestamp(record.timestamp());
    context.record(record.topic(), record.partition(), record.offset());
    try {
      source.process(record.key(), record.value(), record.timestamp());
    } catch (DeserializationFailure e) {
      throw e;
    } catch (RuntimeException e) {
      ErrorContext where = context.errorContext();
      if (processingHandler.handle(where, e) == ErrorResponse.FAIL) {
        throw new StreamsException("processing failed at " + where.describe() + ": " + e, e);
      }
      context.metrics().recordSkipped();
    }
    offsets.put(record.topicPartition(), record.offset() + 1);
    punctuate(PunctuationType.STREAM_TIME, context.streamTime());
  }

  /** Flushes every store: caches written down (tables emit), then RocksDB. */
  void flushStores() {
    for (StoreStack store : stores.values()) {
      store.state().flush();
    }
  }

  /** Writes the acknowledged changelog offsets; call after the producer was flushed. */
  void writeCheckpoint() {
    if (stores.isEmpty()) {
      return;
    }
    Map<String, Long> acked = new HashMap<>();
    for (StoreStack store : stores.values()) {
      acked.put(store.def().name(), store.changelog().flush());
    }
    checkpoint.write(acked);
  }

  /** The next offset to read of every input partition processed since the task started. */
  Map<TopicPartition, Long> offsets() {
    return offsets;
  }

  /** A store's outermost byte store, for tests and queries on the stream thread. */
  KeyValueStore<Bytes, byte[]> store(String name) {
    return context.storeStack(name).store();
  }

  /** A window store's outermost byte store, for tests and queries on the stream thread. */
  WindowStore<Bytes, byte[]> windowStore(String name) {
    return context.storeStack(name).windowStore();
  }

  /** Closes the stores without flushing (commit first to keep their contents). */
  @Override
  public void close() {
    RuntimeException failure = null;
    if (initialized) {
      for (Processor processor : processors) {
        try {
          processor.close();
        } catch (RuntimeException e) {
          failure = e;
        }
      }
    }
    closeStores();
    if (failure != null) {
      throw new StreamsException(
          "a processor of task " + context.taskId() + " failed to close: " + failure, failure);
    }
  }

  private void closeStores() {
    for (StoreStack store : stores.values()) {
      StateStore s = store.state();
      s.close();
    }
  }
}
