package io.runnel.bench.state;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Stores;
import io.runnel.state.changelog.ChangelogReader;
import io.runnel.state.changelog.ChangelogRecord;
import io.runnel.state.changelog.OffsetCheckpoint;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.changelog.StateRestorer;
import io.runnel.state.internal.rocksdb.StoreOptions;
import io.runnel.state.rocksdb.RocksDBResources;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The RocksDB key-value store through its API against raw rocksdbjni calls with the same options
 * (the store's own {@link StoreOptions}, the same shared cache and write buffer manager), on 1M
 * keys of 16 bytes with 100-byte values, each bulk-loaded and compacted the same way before
 * measuring: random put, random get, and ranges of 100 keys. Then the restore rate: 1M changelog
 * records through {@link StateRestorer} against the same batches written raw with auto compaction
 * off and one compaction at the end. Ratios are store / raw.
 *
 * <p>Run by {@code bench/state-store.sh}; never part of the tests.
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class StoreBenchmark {
  static final int KEYS = 1_000_000;
  static final int VALUE_BYTES = 100;
  static final int RANGE = 100;
  static final int RESTORE_BATCH = 10_000;

  /** Key {@code i}: its index big-endian (so keys sort by index), then 8 bytes of mixing. */
  static byte[] key(long i) {
    return ByteBuffer.allocate(16).putLong(i).putLong(i * 0x9E3779B97F4A7C15L).array();
  }

  static byte[] value(Random random) {
    byte[] value = new byte[VALUE_BYTES];
    random.nextBytes(value);
    return value;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static Path benchDir(String name) throws IOException {
    Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(base);
    return Files.createTempDirectory(base, name);
  }

  /** 1M records loaded through the store API. */
  @State(Scope.Benchmark)
  public static class StoreState {
    Path dir;
    RocksDBResources resources;
    KeyValueStore<Bytes, byte[]> store;
    byte[] value;

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = benchDir("state-store-bench");
      resources = RocksDBResources.withDefaults();
      store = Stores.rocksDbKeyValueStore("bench", dir.resolve("bench"), resources);
      Random random = new Random(1);
      value = value(random);
      // Bulk-loaded, then compacted once (as restore does), so both stores start settled.
      RestoreTarget target = store.restoreTarget();
      target.beginRestore();
      List<ChangelogRecord> batch = new ArrayList<>(RESTORE_BATCH);
      for (int i = 0; i < KEYS; i++) {
        batch.add(new ChangelogRecord(i, key(i), value(random), 0));
        if (batch.size() == RESTORE_BATCH) {
          target.restoreBatch(batch);
          batch.clear();
        }
      }
      target.endRestore();
      store.flush();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      store.close();
      resources.close();
      deleteTree(dir);
    }
  }

  /** 1M records loaded with raw rocksdbjni calls and the store's options. */
  @State(Scope.Benchmark)
  public static class RawState {
    Path dir;
    RocksDBResources resources;
    StoreOptions options;
    RocksDB db;
    byte[] value;

    @Setup(Level.Trial)
    public void open() throws IOException, RocksDBException {
      dir = benchDir("raw-rocksdb-bench");
      resources = RocksDBResources.withDefaults();
      options = new StoreOptions("bench", resources);
      db = RocksDB.open(options.options(), dir.toString());
      Random random = new Random(1);
      value = value(random);
      bulkLoad(db, options, i -> key(i), i -> value(random));
      db.flush(options.flushOptions());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      db.close();
      options.close();
      resources.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void storePut(StoreState state) {
    state.store.put(Bytes.wrap(key(ThreadLocalRandom.current().nextInt(KEYS))), state.value);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void rawPut(RawState state) throws RocksDBException {
    state.db.put(
        state.options.writeOptions(), key(ThreadLocalRandom.current().nextInt(KEYS)), state.value);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] storeGet(StoreState state) {
    return state.store.get(Bytes.wrap(key(ThreadLocalRandom.current().nextInt(KEYS))));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] rawGet(RawState state) throws RocksDBException {
    return state.db.get(
        state.options.readOptions(), key(ThreadLocalRandom.current().nextInt(KEYS)));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void storeRange(StoreState state, Blackhole blackhole) {
    int from = ThreadLocalRandom.current().nextInt(KEYS - RANGE);
    try (KeyValueIterator<Bytes, byte[]> it =
        state.store.range(Bytes.wrap(key(from)), Bytes.wrap(key(from + RANGE - 1)))) {
      while (it.hasNext()) {
        blackhole.consume(it.next());
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void rawRange(RawState state, Blackhole blackhole) {
    int from = ThreadLocalRandom.current().nextInt(KEYS - RANGE);
    byte[] to = key(from + RANGE - 1);
    try (RocksIterator it = state.db.newIterator(state.options.readOptions())) {
      for (it.seek(key(from)); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (Arrays.compareUnsigned(key, to) > 0) {
          break;
        }
        blackhole.consume(key);
        blackhole.consume(it.value());
      }
    }
  }

  /** A changelog of 1M records in memory, and an empty directory per restore. */
  @State(Scope.Benchmark)
  public static class RestoreState {
    List<ChangelogRecord> changelog;
    RocksDBResources resources;
    Path dir;

    @Setup(Level.Trial)
    public void generate() {
      Random random = new Random(2);
      changelog = new ArrayList<>(KEYS);
      for (int i = 0; i < KEYS; i++) {
        long k = random.nextInt(KEYS);
        changelog.add(new ChangelogRecord(i, key(k), value(random), 0));
      }
      resources = RocksDBResources.withDefaults();
    }

    @Setup(Level.Iteration)
    public void emptyDir() throws IOException {
      dir = benchDir("restore-bench");
    }

    @TearDown(Level.Iteration)
    public void deleteDir() throws IOException {
      deleteTree(dir);
    }

    @TearDown(Level.Trial)
    public void close() {
      resources.close();
    }
  }

  /** Reads the in-memory changelog in batches, as a Log SPI reader would. */
  static final class ListReader implements ChangelogReader {
    private final List<ChangelogRecord> records;

    ListReader(List<ChangelogRecord> records) {
      this.records = records;
    }

    @Override
    public long endOffset() {
      return records.size();
    }

    @Override
    public List<ChangelogRecord> read(long fromOffset, long endOffset, int maxRecords) {
      int to = (int) Math.min(endOffset, fromOffset + maxRecords);
      return records.subList((int) fromOffset, to);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long storeRestore(RestoreState state) {
    try (KeyValueStore<Bytes, byte[]> store =
        Stores.rocksDbKeyValueStore("restore", state.dir.resolve("restore"), state.resources)) {
      return new StateRestorer(RestoreListener.NONE, RESTORE_BATCH, System::nanoTime)
          .restore(
              "restore",
              store.restoreTarget(),
              new ListReader(state.changelog),
              OffsetCheckpoint.NONE)
          .restored();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long rawRestore(RestoreState state) throws RocksDBException {
    try (StoreOptions options = new StoreOptions("restore", state.resources);
        RocksDB db = RocksDB.open(options.options(), state.dir.resolve("restore").toString())) {
      List<ChangelogRecord> changelog = state.changelog;
      bulkLoad(db, options, i -> changelog.get(i).key(), i -> changelog.get(i).value());
      return KEYS;
    }
  }

  /**
   * What restore does, in raw calls: auto compaction off, {@link #KEYS} records in write batches of
   * {@link #RESTORE_BATCH}, auto compaction on, one compaction.
   */
  static void bulkLoad(
      RocksDB db, StoreOptions options, IntFunction<byte[]> keys, IntFunction<byte[]> values)
      throws RocksDBException {
    db.setOptions(MutableColumnFamilyOptions.builder().setDisableAutoCompactions(true).build());
    for (int from = 0; from < KEYS; from += RESTORE_BATCH) {
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = from; i < from + RESTORE_BATCH; i++) {
          batch.put(keys.apply(i), values.apply(i));
        }
        db.write(options.writeOptions(), batch);
      }
    }
    db.setOptions(MutableColumnFamilyOptions.builder().setDisableAutoCompactions(false).build());
    db.compactRange();
  }
}
