package io.runnel.streams.internal;

import io.runnel.state.KeyValueStore;
import io.runnel.state.StateStore;
import io.runnel.state.Stores;
import io.runnel.streams.StreamsException;
import io.runnel.streams.processor.Cancellable;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.ProcessorSupplier;
import io.runnel.streams.processor.PunctuationType;
import io.runnel.streams.processor.Punctuator;
import io.runnel.streams.processor.Record;
import io.runnel.streams.processor.RecordMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a user {@link io.runnel.streams.processor.Processor} as a node of a task, and is the
 * context it sees: forwarding goes to this node's children, stores are the task's typed views of
 * the stores named in {@code KStream.process}, punctuators go to the task's {@link Punctuations}.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class UserProcessorNode implements Processor, ProcessorContext<Object, Object> {
  private final String node;
  private final TaskContext task;
  private final Downstream out;
  private final List<String> storeNames;
  private final io.runnel.streams.processor.Processor<Object, Object, Object, Object> user;
  private final Map<String, KeyValueStore<Object, Object>> stores = new HashMap<>();

  private UserProcessorNode(
      String node,
      TaskContext task,
      Downstream out,
      List<String> storeNames,
      io.runnel.streams.processor.Processor<Object, Object, Object, Object> user) {
    this.node = node;
    this.task = task;
    this.out = out;
    this.storeNames = storeNames;
    this.user = user;
  }

  /** A factory making a processor from {@code supplier} per task. */
  static ProcessorFactory factory(
      String node, ProcessorSupplier<?, ?, ?, ?> supplier, List<String> storeNames) {
    return new NodeSpecs.UserProcessor(node, supplier, storeNames);
  }

  /** The node of {@code spec} in {@code task}, with a new processor from its supplier. */
  static Processor create(NodeSpecs.UserProcessor spec, TaskContext task, Downstream out) {
    io.runnel.streams.processor.Processor<?, ?, ?, ?> made = spec.supplier().get();
    if (made == null) {
      throw new StreamsException("the ProcessorSupplier of node " + spec.node() + " returned null");
    }
    return new UserProcessorNode(spec.node(), task, out, spec.stores(), Casts.cast(made));
  }

  @Override
  public void init() {
    user.init(this);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    user.process(new Record<>(key, value, timestamp));
  }

  @Override
  public void close() {
    user.close();
  }

  @Override
  public void forward(Record<?, ?> record) {
    out.forward(record.key(), record.value(), record.timestamp());
  }

  @Override
  public <S extends StateStore> S getStateStore(String name) {
    if (!storeNames.contains(name)) {
      throw new StreamsException(
          "processor "
              + node
              + " is not connected to state store '"
              + name
              + "'; name it in KStream.process(supplier, storeNames)");
    }
    KeyValueStore<Object, Object> store =
        stores.computeIfAbsent(
            name,
            n -> {
              StoreStack stack = task.storeStack(n);
              if (stack.def().kind() != StoreDef.Kind.KEY_VALUE) {
                throw new StreamsException(
                    "state store '" + n + "' is not a key-value store; only those are supported");
              }
              return Stores.typed(
                  stack.store(),
                  task.keySerde(stack.def().keySerde()),
                  task.valueSerde(stack.def().valueSerde()));
            });
    return Casts.cast(store);
  }

  @Override
  public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "punctuation interval " + interval + " of processor " + node + " must be >= 1 ms");
    }
    long now = type == PunctuationType.STREAM_TIME ? task.streamTime() : task.wallClockMs();
    return task.punctuations().add(type, interval.toMillis(), punctuator, now);
  }

  @Override
  public String taskId() {
    return task.taskId();
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    if (task.recordTopic() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RecordMetadata(task.recordTopic(), task.recordPartition(), task.recordOffset()));
  }

  @Override
  public long currentStreamTimeMs() {
    return task.streamTime();
  }

  @Override
  public long currentSystemTimeMs() {
    return task.wallClockMs();
  }
}
