package io.runnel.connect.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.connect.SinkRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTaskTest {
  @TempDir Path dir;

  private static List<SinkRecord> records(int from, int to) {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      records.add(new SinkRecord("t", 0, i, null, String.format("line-%02d", i), List.of(), 0L));
    }
    return records;
  }

  private FileSinkTask start(Path file, long rollBytes) {
    FileSinkTask task = new FileSinkTask();
    task.start(Map.of("file", file.toString(), "file.roll.bytes", Long.toString(rollBytes)));
    return task;
  }

  @Test
  void appendsValuesAsLinesSkippingTombstonesAndKeepingBytes() throws IOException {
    Path out = dir.resolve("sub/out.txt");
    FileSinkTask task = start(out, 1 << 20);
    task.put(
        List.of(
            new SinkRecord("t", 0, 0, "k", "text", List.of(), 0L),
            new SinkRecord("t", 0, 1, "k", null, List.of(), 0L),
            new SinkRecord("t", 0, 2, "k", new byte[] {'r', 'a', 'w'}, List.of(), 0L),
            new SinkRecord("t", 0, 3, "k", 42, List.of(), 0L)));
    task.flush(Map.of());
    task.stop();

    assertThat(Files.readAllLines(out)).containsExactly("text", "raw", "42");
  }

  @Test
  void rollsBySizeAndContinuesNumberingAfterARestart() throws IOException {
    Path out = dir.resolve("out.txt");
    // Each line is 8 bytes ("line-07\n"); 20 bytes hold two lines.
    FileSinkTask task = start(out, 20);
    task.put(records(0, 5));
    task.stop();

    assertThat(Files.readAllLines(dir.resolve("out.txt.1"))).containsExactly("line-00", "line-01");
    assertThat(Files.readAllLines(dir.resolve("out.txt.2"))).containsExactly("line-02", "line-03");
    assertThat(Files.readAllLines(out)).containsExactly("line-04");

    task = start(out, 20);
    task.put(records(5, 7));
    task.stop();
    assertThat(Files.readAllLines(out)).containsExactly("line-06");
    assertThat(Files.readAllLines(dir.resolve("out.txt.3"))).containsExactly("line-04", "line-05");
    for (Path p : List.of(out, dir.resolve("out.txt.1"), dir.resolve("out.txt.3"))) {
      assertThat(Files.size(p)).isLessThanOrEqualTo(20);
    }
  }
}
