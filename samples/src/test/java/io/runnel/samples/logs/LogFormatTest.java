package io.runnel.samples.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFormatTest {

  @Test
  void parsesAccessAndApplicationLines() {
    LogEvent access =
        LogFormat.parse(
                "/var/log/shop/search-access.log",
                "10.1.4.17 - - [2026-11-25T11:40:01Z] \"GET /search?q=lamp HTTP/1.1\" 503 5123 \"-\""
                    + " \"Mozilla/5.0\" rt=0.037")
            .orElseThrow();
    assertThat(access)
        .isEqualTo(
            new LogEvent(
                "search", Instant.parse("2026-11-25T11:40:01Z").toEpochMilli(), true, 503, 37, ""));
    assertThat(access.serverError()).isTrue();

    LogEvent app =
        LogFormat.parse(
                "payments-app.log",
                "2026-11-25T11:40:01.123Z ERROR [payments] CardGateway - card declined order=1234")
            .orElseThrow();
    assertThat(app.service()).isEqualTo("payments");
    assertThat(app.loggedError()).isTrue();
    assertThat(app.timestamp()).isEqualTo(Instant.parse("2026-11-25T11:40:01.123Z").toEpochMilli());
  }

  @Test
  void linesInAnotherFormatAreSkippedAndKeepTheLogTimestamp() {
    assertThat(LogFormat.parse("search-access.log", "GET /search 200")).isEmpty();
    assertThat(LogFormat.parse("search-app.log", "not a log line")).isEmpty();
    assertThat(LogFormat.parse("search-app.log", "yesterday ERROR boom")).isEmpty();
    assertThat(LogFormat.timestamp("search-app.log", "garbage", 42L)).isEqualTo(42L);
  }

  @Test
  void everyGeneratedLineParses(@TempDir Path dir) throws Exception {
    LogGenerator generator = new LogGenerator(dir, 7, 1 << 20, false);
    long start = Instant.parse("2026-11-25T11:40:00Z").toEpochMilli();
    for (int s = 0; s < 30; s++) {
      generator.writeSecond(start + s * 1000L);
    }
    long lines = 0;
    for (Path file : java.nio.file.Files.list(dir).toList()) {
      for (String line : java.nio.file.Files.readAllLines(file)) {
        assertThat(LogFormat.parse(file.toString(), line)).as(file + ": " + line).isPresent();
        lines++;
      }
    }
    assertThat(lines).isEqualTo(generator.lines()).isGreaterThan(500);
  }

  @Test
  void percentileIsWithinTenPercentAboveTheExactValue() {
    MinuteStats stats = MinuteStats.empty();
    List<Long> latencies = List.of(1L, 5L, 12L, 40L, 41L, 80L, 95L, 120L, 300L, 2500L);
    for (long l : latencies) {
      stats = stats.add(new LogEvent("s", 0, true, 200, l, ""));
    }
    // 95% of 10 requests: rank 10, the largest.
    assertThat(stats.percentile(0.95)).isBetween(2500L, 2751L);
    assertThat(stats.percentile(0.5)).isBetween(41L, 46L);
    assertThat(MinuteStats.empty().percentile(0.95)).isZero();
    assertThat(stats.requests()).isEqualTo(10);
  }
}
