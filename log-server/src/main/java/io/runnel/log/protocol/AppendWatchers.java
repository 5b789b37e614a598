package io.runnel.log.protocol;

import io.runnel.log.storage.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Parked requests waiting for data (a Fetch below min_bytes) keyed by partition. An append to a
 * partition calls {@link #appended}, which re-checks the requests parked on it; a request that
 * completes leaves every partition it watched. Timeouts are the caller's. Thread-safe.
 */
final class AppendWatchers {
  private final Map<TopicPartition, Set<Watcher>> watchers = new ConcurrentHashMap<>();

  /** A parked request: {@code tryComplete} returns true once it has completed (it must be idempotent). */
  final class Watcher {
    private final List<TopicPartition> partitions;
    private final BooleanSupplier tryComplete;

    private Watcher(List<TopicPartition> partitions, BooleanSupplier tryComplete) {
      this.partitions = partitions;
      this.tryComplete = tryComplete;
    }

    /** Stops watching: call once the request completed by any path (data, timeout, shutdown). */
    void cancel() {
      for (TopicPartition tp : partitions) {
        watchers.computeIfPresent(tp, (k, set) -> {
          set.remove(this);
          return set.isEmpty() ? null : set;
        });
      }
    }
  }

  Watcher watch(List<TopicPartition> partitions, BooleanSupplier tryComplete) {
    Watcher w = new Watcher(partitions, tryComplete);
    for (TopicPartition tp : partitions) {
      watchers.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet()).add(w);
    }
    return w;
  }

  void appended(TopicPartition tp) {
    Set<Watcher> set = watchers.get(tp);
    if (set == null) {
      return;
    }
    for (Watcher w : set.toArray(new Watcher[0])) {
      if (w.tryComplete.getAsBoolean()) {
        w.cancel();
      }
    }
  }
}
