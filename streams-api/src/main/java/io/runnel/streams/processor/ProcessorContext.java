package io.runnel.streams.processor;

import io.runnel.state.StateStore;
import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link Processor} may use: forwarding, its stores, punctuation, and where the current
 * record came from. Valid from {@code init} to {@code close}.
 *
 * <p>Not thread-safe: the task's stream thread only.
 *
 * @param <KOut> forwarded key type
 * @param <VOut> forwarded value type
 */
public interface ProcessorContext<KOut, VOut> {

  /** Sends {@code record} to the processor's children, which process it before this returns. */
  void forward(Record<? extends KOut, ? extends VOut> record);

  /**
   * The task's instance of store {@code name}; for a key-value store, an {@code
   * io.runnel.state.KeyValueStore<K, V>} typed with the serdes given to its {@link StoreBuilder}.
   *
   * @throws io.runnel.streams.StreamsException if the processor was not connected to the store in
   *     {@code KStream.process}
   */
  <S extends StateStore> S getStateStore(String name);

  /**
   * Runs {@code punctuator} every {@code interval} on {@code type}'s clock. When the clock jumps
   * past several intervals it fires once, then every {@code interval} from that time.
   *
   * @throws IllegalArgumentException if {@code interval} is shorter than 1 ms
   */
  Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator);

  /** The task's id, {@code 0_<partition>}. */
  String taskId();

  /** Where the record being processed is in the log; empty inside a punctuator. */
  Optional<RecordMetadata> recordMetadata();

  /** The task's stream time, or -1 before its first record. */
  long currentStreamTimeMs();

  /** The stream thread's wall clock (the {@code TestDriver}'s own clock in tests). */
  long currentSystemTimeMs();
}
