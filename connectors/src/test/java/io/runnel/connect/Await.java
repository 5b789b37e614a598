package io.runnel.connect;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what the worker's threads do, failing with what was awaited after 30 seconds. */
public final class Await {
  private Await() {}

  /**
   * Returns once {@code condition} holds; throws an AssertionError naming {@code what} otherwise.
   */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
