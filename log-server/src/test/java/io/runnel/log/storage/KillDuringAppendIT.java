package io.runnel.log.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends in a loop and is killed with SIGKILL at a random moment, several times over
 * the same log. Each time the reopened log must be a gap-free prefix of the sequence holding every
 * append the child saw acknowledged (the page cache survives a process kill, so no fsync is needed
 * for that; a machine crash is what {@code flush.messages} guards against).
 */
class KillDuringAppendIT {
  @TempDir Path tmp;

  @Test
  void aKilledAppenderLeavesAPrefixWithEveryAcknowledgedRecord() throws Exception {
    Path dir = tmp.resolve("killed-0");
    Random random = new Random(42);
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long totalAcked = 0;
    for (int round = 0; round < 4; round++) {
      Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", classpath, AppendLoop.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      AtomicLong lastAcked = new AtomicLong(-1);
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("acked ")) {
              lastAcked.set(Long.parseLong(line.substring(6)));
            }
          }
        } catch (Exception e) {
          // the stream ends with the process
        }
      });
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lastAcked.get() < totalAcked + 200 && System.nanoTime() < deadline && child.isAlive()) {
        Thread.sleep(10);
      }
      Thread.sleep(random.nextInt(300));
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      long acked = lastAcked.get();
      assertThat(acked).as("round %d: the child acknowledged appends", round).isGreaterThan(totalAcked);

      try (PartitionLog log = PartitionLog.open(dir, LogConfig.of(Map.of("segment.bytes", "20000",
          "index.interval.bytes", "512")), InstantSource.system())) {
        List<KafkaBatches.Read> read = KafkaBatches.readAll(log);
        assertThat(log.logEndOffset()).as("round %d: every acknowledged record survived", round)
            .isGreaterThan(acked);
        assertThat(read).hasSize((int) log.logEndOffset());
        for (int i = 0; i < read.size(); i++) {
          assertThat(read.get(i).offset()).isEqualTo(i);
          assertThat(read.get(i).value()).as("round %d, offset %d", round, i).isEqualTo("value-" + i);
        }
        totalAcked = log.logEndOffset() - 1;
      }
    }
  }
}
