package io.runnel.log.storage;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

/**
 * A child process for {@link KillDuringAppendIT}: opens the log in {@code args[0]} and appends
 * batches whose values continue the sequence "value-N" (N = offset), printing "acked N" after each
 * append returns, until it is killed.
 */
public final class AppendLoop {
  private AppendLoop() {}

  public static void main(String[] args) {
    Map<String, String> config = Map.of("segment.bytes", "20000", "index.interval.bytes", "512");
    PartitionLog log = PartitionLog.open(Path.of(args[0]), LogConfig.of(config), InstantSource.system());
    int next = (int) log.logEndOffset();
    System.out.println("started " + next);
    System.out.flush();
    Compression[] codecs = Compression.values();
    for (int i = 0; ; i++) {
      int count = 1 + i % 7;
      AppendResult r = log.append(KafkaBatches.batch(codecs[i % codecs.length], next, count, System.currentTimeMillis()), 0);
      next += count;
      System.out.println("acked " + r.lastOffset());
      System.out.flush();
    }
  }
}
