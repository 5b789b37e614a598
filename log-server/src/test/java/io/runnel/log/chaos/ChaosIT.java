package io.runnel.log.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run of issue 8: three nodes as child JVMs, a topic of replication factor 3 with
 * min.insync.replicas=2, idempotent acks=all producers, about a minute of seeded faults (SIGKILL and
 * restart, SIGSTOP/SIGCONT, a cut proxy), then the checker. Nothing acknowledged may be lost,
 * duplicated, reordered, or differ between replicas. {@code bench/chaos.sh} is the long run. The
 * nodes' data and logs stay in {@code log-server/target/chaos-it} (node-&lt;id&gt;.log).
 */
class ChaosIT {
  /** Fixed, so a failure here reproduces with {@code bench/chaos.sh --seed 8}. */
  private static final long SEED = 8;

  /** Kept after the run (not a temporary directory), so the nodes' logs can be read when it fails. */
  private static final Path DIR = Path.of("target", "chaos-it");

  @Test
  void nothingAcknowledgedIsLostThroughKillsPausesAndCuts() throws Exception {
    Path dir = fresh(DIR);
    ChaosHarness.Options options = new ChaosHarness.Options(SEED, Duration.ofSeconds(60), 6, 3, 2, 100, dir, Map.of());
    ChaosHarness.Report report = new ChaosHarness(options, line -> System.out.println("[chaos] " + line)).run();
    System.out.println(report.text());

    assertThat(report.failures()).as(report.text()).isEmpty();
    assertThat(report.check()).as(report.text()).isNotNull();
    assertThat(report.check().lost()).as("acknowledged values lost\n" + report.text()).isZero();
    assertThat(report.check().offsetMismatches()).as("values at another offset than acknowledged\n" + report.text())
        .isZero();
    assertThat(report.check().duplicates()).as("values stored twice\n" + report.text()).isZero();
    assertThat(report.check().outOfOrder()).as("values out of order\n" + report.text()).isZero();
    assertThat(report.check().unknownValues()).as("values never sent\n" + report.text()).isZero();
    assertThat(report.check().replicaMismatches()).as("replicas differing\n" + report.text()).isZero();
    // The run must have done something for the above to mean anything.
    assertThat(report.faults().values().stream().mapToInt(Integer::intValue).sum()).as(report.text())
        .isGreaterThanOrEqualTo(5);
    assertThat(report.acknowledged()).as(report.text()).isGreaterThan(1_000);
    assertThat(report.check().recordsRead()).isGreaterThanOrEqualTo(report.acknowledged());
    assertThat(report.passed()).as(report.text()).isTrue();
  }

  private static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir).toAbsolutePath();
  }
}
