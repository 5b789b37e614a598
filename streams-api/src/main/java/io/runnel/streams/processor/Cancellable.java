package io.runnel.streams.processor;

/** A scheduled punctuation; cancel it to stop it firing. */
@FunctionalInterface
public interface Cancellable {
  /** Stops future firings; idempotent. */
  void cancel();
}
