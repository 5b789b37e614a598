package io.runnel.log.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every partition log of a server: one directory {@code <topic>-<partition>} per partition
 * under the {@code log.dirs}, each log dir locked against a second process. Opens the logs in
 * parallel at start, runs the background work (flush on {@code flush.ms}, retention, compaction) and
 * closes everything cleanly.
 *
 * <p>Thread-safe. Background tasks run on one scheduler thread; compaction on its own thread.
 */
public final class LogManager implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);
  private static final String LOCK_FILE = ".lock";

  private final List<Path> logDirs;
  private final LogConfig defaultConfig;
  private final InstantSource clock;
  private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
  private final List<FileChannel> lockChannels = new ArrayList<>();
  /** High watermarks read from the log dirs at open, each dropped when its log is deleted or replaced. */
  private final Map<TopicPartition, Long> checkpointedHighWatermarks = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;

  private LogManager(List<Path> logDirs, LogConfig defaultConfig, InstantSource clock) {
    this.logDirs = List.copyOf(logDirs);
    this.defaultConfig = defaultConfig;
    this.clock = clock;
  }

  /**
   * Locks the log dirs and opens every partition found there with {@code defaultConfig} (a broker
   * then applies each topic's own config), using {@code threads} threads.
   */
  public static LogManager open(List<Path> logDirs, LogConfig defaultConfig, InstantSource clock, int threads) {
    if (logDirs.isEmpty()) {
      throw new InvalidConfigException("log.dirs is empty: give at least one directory for the data");
    }
    LogManager manager = new LogManager(logDirs, defaultConfig, clock);
    try {
      manager.lockDirs();
      manager.loadLogs(Math.max(1, threads));
      for (Path dir : logDirs) {
        manager.checkpointedHighWatermarks.putAll(HighWatermarkCheckpoint.read(dir));
      }
      manager.checkpointedHighWatermarks.keySet().retainAll(manager.logs.keySet());
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return manager;
  }

  private void lockDirs() {
    for (Path dir : logDirs) {
      try {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          channel.close();
          throw new StorageException("log directory " + dir + " is in use by another Runnel server;"
              + " stop it or give this one a different log.dirs");
        }
        lockChannels.add(channel);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot use log directory " + dir + " (check that it is writable)", e);
      }
    }
  }

  private void loadLogs(int threads) {
    List<Path> partitionDirs = new ArrayList<>();
    for (Path dir : logDirs) {
      try (Stream<Path> children = Files.list(dir)) {
        children.filter(Files::isDirectory)
            .filter(p -> TopicPartition.parse(p.getFileName().toString()) != null)
            .forEach(partitionDirs::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list log directory " + dir, e);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "log-recovery");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PartitionLog>> opened = new ArrayList<>();
      for (Path p : partitionDirs) {
        opened.add(pool.submit(() -> PartitionLog.open(p, defaultConfig, clock)));
      }
      for (int i = 0; i < opened.size(); i++) {
        PartitionLog log = opened.get(i).get();
        TopicPartition tp = TopicPartition.parse(partitionDirs.get(i).getFileName().toString());
        if (logs.putIfAbsent(tp, log) != null) {
          throw new StorageException("partition " + tp + " is in two log dirs: " + logs.get(tp).dir() + " and "
              + log.dir() + "; remove the stale copy");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while opening partition logs", e);
    } catch (ExecutionException e) {
      throw new StorageException("cannot open a partition log: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    LOG.info("opened {} partition log(s) in {}", logs.size(), logDirs);
  }

  /** The log of {@code tp}, created with {@code config} in the least loaded log dir when missing. */
  public PartitionLog getOrCreate(TopicPartition tp, LogConfig config) {
    return logs.computeIfAbsent(tp, key -> create(key, config));
  }

  /**
   * The log of {@code tp} of the topic with id {@code topicId}, created when missing. A log that
   * belongs to an earlier topic of the same name (deleted and created again while this server was
   * down, so it never saw the deletion) is deleted and a new, empty one takes its place; a log from
   * before topic ids were recorded is taken as this topic's and gets the id. Callers serialize
   * calls for the same partition.
   */
  public PartitionLog getOrCreate(TopicPartition tp, UUID topicId, LogConfig config) {
    PartitionLog existing = logs.get(tp);
    if (existing != null) {
      Optional<UUID> held = existing.topicId();
      if (held.isEmpty()) {
        existing.assignTopicId(topicId);
        return existing;
      }
      if (held.get().equals(topicId)) {
        return existing;
      }
      LOG.warn("deleting the log of {} in {} (offsets {} to {}): it belongs to an earlier topic of that name (topic id"
          + " {}), not to the current one ({})", tp, existing.dir(), existing.logStartOffset(),
          existing.logEndOffset() - 1, PartitionMetadataFile.encode(held.get()), PartitionMetadataFile.encode(topicId));
      delete(tp);
    }
    return logs.computeIfAbsent(tp, key -> {
      PartitionLog log = create(key, config);
      log.assignTopicId(topicId);
      return log;
    });
  }

  /** Opens a new log for {@code tp} in the least loaded log dir. */
  private PartitionLog create(TopicPartition tp, LogConfig config) {
    Path parent = logDirs.stream()
        .min(Comparator.comparingLong(d -> logs.values().stream().filter(l -> l.dir().getParent().equals(d)).count()))
        .orElseThrow();
    return PartitionLog.open(parent.resolve(tp.dirName()), config, clock);
  }

  /**
   * The high watermark of {@code tp} as last checkpointed before this server started (see {@link
   * #checkpointHighWatermarks}); 0 when there is none, or when the log it was written for has since
   * been deleted or replaced.
   */
  public long checkpointedHighWatermark(TopicPartition tp) {
    return checkpointedHighWatermarks.getOrDefault(tp, 0L);
  }

  /**
   * Writes the given high watermarks into {@code replication-offset-checkpoint} of each log dir
   * (each partition's in the dir its log is in; a dir without any gets an empty file). Called by one
   * thread at a time.
   */
  public void checkpointHighWatermarks(Map<TopicPartition, Long> highWatermarks) {
    Map<Path, Map<TopicPartition, Long>> byDir = new HashMap<>();
    for (Path dir : logDirs) {
      byDir.put(dir, new HashMap<>());
    }
    highWatermarks.forEach((tp, hw) -> {
      PartitionLog log = logs.get(tp);
      if (log != null) {
        byDir.computeIfAbsent(log.dir().getParent(), d -> new HashMap<>()).put(tp, hw);
      }
    });
    byDir.forEach(HighWatermarkCheckpoint::write);
  }

  public Optional<PartitionLog> get(TopicPartition tp) {
    return Optional.ofNullable(logs.get(tp));
  }

  public Map<TopicPartition, PartitionLog> all() {
    return Map.copyOf(logs);
  }

  /** Closes the log of {@code tp} and deletes its directory; false when there was none. */
  public boolean delete(TopicPartition tp) {
    checkpointedHighWatermarks.remove(tp);
    PartitionLog log = logs.remove(tp);
    if (log == null) {
      return false;
    }
    log.closeAndDelete();
    return true;
  }

  /** Starts flush checks, retention checks and compaction at the given intervals. */
  public synchronized void startBackgroundTasks(Duration flushCheck, Duration retentionCheck, Duration cleanerBackoff) {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "log-background");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(guarded("flush", this::flushDueLogs), flushCheck.toMillis(),
        flushCheck.toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(guarded("retention", this::enforceRetention), retentionCheck.toMillis(),
        retentionCheck.toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(guarded("compaction", this::compact), cleanerBackoff.toMillis(),
        cleanerBackoff.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        // One bad partition must not stop background work for the others.
        LOG.error("background {} failed: {}", what, e.toString(), e);
      }
    };
  }

  /** Flushes the logs whose {@code flush.ms} has passed. */
  public void flushDueLogs() {
    for (PartitionLog log : logs.values()) {
      log.flushIfDue();
    }
  }

  /** Applies retention to every log; returns the number of segments deleted. */
  public int enforceRetention() {
    int deleted = 0;
    for (PartitionLog log : logs.values()) {
      deleted += log.enforceRetention();
    }
    return deleted;
  }

  /** Compacts the logs with a compact policy whose dirty ratio reached {@code min.cleanable.dirty.ratio}. */
  public int compact() {
    int cleaned = 0;
    for (PartitionLog log : logs.values()) {
      LogConfig cfg = log.config();
      double ratio = log.dirtyRatio();
      if (cfg.compactEnabled() && ratio > 0 && ratio >= cfg.minCleanableDirtyRatio()) {
        cleaned += LogCleaner.clean(log).segmentsRewritten();
      }
    }
    return cleaned;
  }

  /** Stops the background work, then flushes, checkpoints and closes every log in parallel. */
  @Override
  public void close() {
    synchronized (this) {
      if (scheduler != null) {
        scheduler.shutdownNow();
        try {
          scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    List<PartitionLog> toClose = new ArrayList<>(logs.values());
    logs.clear();
    toClose.parallelStream().forEach(PartitionLog::close);
    for (FileChannel channel : lockChannels) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("cannot release a log dir lock: {}", e.toString());
      }
    }
    lockChannels.clear();
  }
}
