package io.runnel.streams.processor;

/**
 * Makes a new {@link Processor} for each task; must not return the same instance twice.
 *
 * @param <KIn> input key type
 * @param <VIn> input value type
 * @param <KOut> forwarded key type
 * @param <VOut> forwarded value type
 */
@FunctionalInterface
public interface ProcessorSupplier<KIn, VIn, KOut, VOut> {
  /** A new processor. */
  Processor<KIn, VIn, KOut, VOut> get();
}
