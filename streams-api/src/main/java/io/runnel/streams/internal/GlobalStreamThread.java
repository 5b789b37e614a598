package io.runnel.streams.internal;

import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.log.Log;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The global thread of an application instance: after {@link GlobalStateUpdater#bootstrap()} on the
 * caller's thread, a thread of its own polls the global topics and applies their records to the
 * global stores, committing (stores flushed, then the checkpoint) every {@code commit.interval.ms}
 * and once more when closed.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread; the loop runs on its own.
 */
public final class GlobalStreamThread {
  private final GlobalStateUpdater updater;
  private final StreamsConfig config;
  private final LongSupplier clockMs;
  private volatile boolean stopping;
  private Thread thread;

  private GlobalStreamThread(GlobalStateUpdater updater, StreamsConfig config, LongSupplier clock) {
    this.updater = updater;
    this.config = config;
    this.clockMs = clock;
  }

  /**
   * Loads the global tables of {@code graph} on the calling thread, then starts the global thread.
   *
   * @param onFailure told, on the global thread, if the loop fails (it has stopped then)
   * @return the running global thread, whose {@link #stores()} the stream threads use
   */
  public static GlobalStreamThread start(
      TopologyGraph graph,
      StreamsConfig config,
      Log log,
      RocksDBResources resources,
      LongSupplier clockMs,
      Consumer<Throwable> onFailure) {
    GlobalStateUpdater updater = new GlobalStateUpdater(graph, config, log, resources);
    updater.bootstrap();
    GlobalStreamThread global = new GlobalStreamThread(updater, config, clockMs);
    global.thread =
        new Thread(() -> global.run(onFailure), config.applicationId() + "-GlobalStreamThread");
    global.thread.start();
    return global;
  }

  /** The global stores, readable from any thread until {@link #close()}. */
  public GlobalStores stores() {
    return updater.stores();
  }

  private void run(Consumer<Throwable> onFailure) {
    Duration poll = Duration.ofMillis(config.pollMs());
    long lastCommit = clockMs.getAsLong();
    try {
      while (!stopping) {
        updater.poll(poll);
        long now = clockMs.getAsLong();
        if (now - lastCommit >= config.commitIntervalMs()) {
          updater.commit();
          lastCommit = now;
        }
      }
      updater.commit();
    } catch (RuntimeException | Error e) {
      onFailure.accept(e);
    }
  }

  /**
   * Stops the loop (it commits on the way out), waits for it, then closes the consumer and stores.
   * Call after the stream threads stopped reading the global stores.
   */
  public void close() {
    stopping = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      updater.close();
    }
  }
}
