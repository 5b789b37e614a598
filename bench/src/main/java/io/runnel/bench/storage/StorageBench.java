package io.runnel.bench.storage;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link StorageBenchmark} and prints each pair side by side with the ratio (ours / plain
 * FileChannel) and its target. Used by bench/storage.sh.
 */
public final class StorageBench {
  private StorageBench() {}

  public static void main(String[] args) throws RunnerException {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Options options = new OptionsBuilder()
        .include(StorageBenchmark.class.getName())
        .forks(1)
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(3))
        .jvmArgs("-Xmx2g")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, double[]> scores = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      scores.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
    }
    double batchMiB = (StorageBenchmark.RECORDS_PER_BATCH * (StorageBenchmark.RECORD_BYTES + 20) + 61) / 1048576.0;
    System.out.println();
    System.out.println("storage engine vs plain FileChannel (same bytes, same run; 2 cores)");
    row("append 64 KiB batches", scores.get("appendPartitionLog"), scores.get("appendPlainFileChannel"), batchMiB,
        "batches/s");
    row("sequential read, 1 MiB fetches", scores.get("readPartitionLog"), scores.get("readPlainFileChannel"),
        1.0, "fetches/s");
  }

  private static void row(String what, double[] ours, double[] plain, double mibPerOp, String unit) {
    double ratio = ours[0] / plain[0];
    System.out.printf("%-32s runnel %,10.0f ± %,.0f %s (%,.0f MiB/s)  plain %,10.0f ± %,.0f (%,.0f MiB/s)  ratio %.2f (target >= 0.80)%n",
        what, ours[0], ours[1], unit, ours[0] * mibPerOp, plain[0], plain[1], plain[0] * mibPerOp, ratio);
  }
}
