package io.runnel.streams.processor;

/**
 * A user processor: one instance per task, created by its {@link ProcessorSupplier}. The task calls
 * {@link #init} once before any record, {@link #process} per record, and {@link #close} when the
 * task closes.
 *
 * <p>Not thread-safe and need not be: only the task's stream thread calls it.
 *
 * @param <KIn> input key type
 * @param <VIn> input value type
 * @param <KOut> forwarded key type
 * @param <VOut> forwarded value type
 */
public interface Processor<KIn, VIn, KOut, VOut> {

  /** Keeps the context, fetches stores and schedules punctuators. */
  default void init(ProcessorContext<KOut, VOut> context) {}

  /** Handles one record; forwards results with {@link ProcessorContext#forward}. */
  void process(Record<KIn, VIn> record);

  /** Releases what the processor holds; the stores are closed by the runtime. */
  default void close() {}
}
