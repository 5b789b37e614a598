package io.runnel.bench.storage;

import io.runnel.log.storage.BatchBuilder;
import io.runnel.log.storage.Compression;
import io.runnel.log.storage.FileSlice;
import io.runnel.log.storage.LogConfig;
import io.runnel.log.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The storage engine against the limit of this machine: appending 64 KiB batches of 1 KiB records
 * (no fsync) through {@link PartitionLog#append} versus writing the same bytes with a plain
 * FileChannel, and reading them back sequentially through {@link PartitionLog#read} versus plain
 * FileChannel reads of the same file. Throughput is batches per second; the ratio is ours / plain.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StorageBenchmark {
  static final int RECORD_BYTES = 1024;
  static final int RECORDS_PER_BATCH = 63; // 63 records of 1 KiB plus framing: one 64 KiB batch
  static final int READ_LOG_BYTES = 512 << 20;
  static final int FETCH_BYTES = 1 << 20;

  static ByteBuffer batch() {
    Random random = new Random(1);
    BatchBuilder builder = BatchBuilder.create(Compression.NONE);
    for (int i = 0; i < RECORDS_PER_BATCH; i++) {
      byte[] value = new byte[RECORD_BYTES];
      random.nextBytes(value);
      builder.add(System.currentTimeMillis(), ("key-" + i).getBytes(), value);
    }
    return builder.build(0);
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

  /** A fresh log and a fresh plain file per iteration, so the disk does not fill up. */
  @State(Scope.Thread)
  public static class AppendState {
    ByteBuffer batch;
    Path dir;
    PartitionLog log;
    FileChannel plain;
    long plainPosition;

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      batch = batch();
      dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "bench/target")).toAbsolutePath(), "append");
      log = PartitionLog.open(dir.resolve("bench-0"), LogConfig.defaults(), InstantSource.system());
      plain = FileChannel.open(dir.resolve("plain.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      plainPosition = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
      log.closeAndDelete();
      plain.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  public long appendPartitionLog(AppendState s) {
    return s.log.append(s.batch.duplicate(), 0).lastOffset();
  }

  @Benchmark
  public long appendPlainFileChannel(AppendState s) throws IOException {
    ByteBuffer bytes = s.batch.duplicate();
    while (bytes.hasRemaining()) {
      s.plainPosition += s.plain.write(bytes, s.plainPosition);
    }
    return s.plainPosition;
  }

  /** One log of {@link #READ_LOG_BYTES} and a plain file with the same bytes, read over and over. */
  @State(Scope.Benchmark)
  public static class ReadState {
    Path dir;
    PartitionLog log;
    FileChannel plain;
    long plainSize;
    long nextOffset;
    long plainPosition;
    final ByteBuffer sink = ByteBuffer.allocateDirect(FETCH_BYTES + (128 << 10));

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "bench/target")).toAbsolutePath(), "read");
      log = PartitionLog.open(dir.resolve("bench-0"), LogConfig.defaults(), InstantSource.system());
      ByteBuffer batch = batch();
      while (log.size() < READ_LOG_BYTES) {
        log.append(batch.duplicate(), 0);
      }
      log.flush();
      // The plain file gets the same bytes through ordinary writes (not Files.copy, which may use
      // copy_file_range and leave the copy out of the page cache), so both reads come from memory.
      Path segment = dir.resolve("bench-0").resolve("00000000000000000000.log");
      try (FileChannel from = FileChannel.open(segment, StandardOpenOption.READ);
          FileChannel to = FileChannel.open(dir.resolve("plain.log"), StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE)) {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        long at = 0;
        while (from.read(chunk.clear(), at) > 0) {
          chunk.flip();
          while (chunk.hasRemaining()) {
            at += to.write(chunk, at);
          }
        }
      }
      plain = FileChannel.open(dir.resolve("plain.log"), StandardOpenOption.READ);
      plainSize = plain.size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      log.closeAndDelete();
      plain.close();
      deleteTree(dir);
    }
  }

  /** A consumer's fetch loop: read() from the next offset, then move the slice's bytes. */
  @Benchmark
  public int readPartitionLog(ReadState s) throws IOException {
    if (s.nextOffset >= s.log.logEndOffset()) {
      s.nextOffset = 0;
    }
    FileSlice slice = s.log.read(s.nextOffset, FETCH_BYTES).slice().orElseThrow();
    s.sink.clear().limit(slice.size());
    long at = slice.position();
    while (s.sink.hasRemaining()) {
      at += slice.channel().read(s.sink, at);
    }
    // the next fetch starts after the last whole batch of this one, as a consumer's would
    s.nextOffset = lastCompleteOffset(s.sink) + 1;
    return slice.size();
  }

  private static long lastCompleteOffset(ByteBuffer bytes) {
    int position = 0;
    long last = -1;
    int limit = bytes.position();
    while (position + 61 <= limit) {
      int size = 12 + bytes.getInt(position + 8);
      if (position + size > limit) {
        break;
      }
      last = bytes.getLong(position) + bytes.getInt(position + 23);
      position += size;
    }
    return last;
  }

  @Benchmark
  public int readPlainFileChannel(ReadState s) throws IOException {
    if (s.plainPosition >= s.plainSize) {
      s.plainPosition = 0;
    }
    s.sink.clear().limit((int) Math.min(FETCH_BYTES, s.plainSize - s.plainPosition));
    int n = 0;
    while (s.sink.hasRemaining()) {
      n += s.plain.read(s.sink, s.plainPosition + n);
    }
    s.plainPosition += n;
    return n;
  }
}
