/**
 * The Processor API: user {@link io.runnel.streams.processor.Processor}s plugged into a DSL
 * topology with {@code KStream.process}, reading and writing the state stores they name, and
 * {@link io.runnel.streams.processor.Punctuator}s scheduled on stream time or wall-clock time.
 *
 * <p>Threading: a processor instance is created per task and called only by that task's stream
 * thread (init, process, punctuators, close), so it needs no locking.
 */
package io.runnel.streams.processor;
