package io.runnel.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.ConfigException;
import io.runnel.connect.Header;
import io.runnel.connect.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tailing as log files behave: appends, partial lines, new files, rotation, truncation, resume. */
class FileSourceTaskTest {
  @TempDir Path dir;
  private final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();
  private FileSourceTask task;

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
  }

  private FileSourceTask start(int batch) {
    task = new FileSourceTask();
    task.initialize(stored::get);
    task.start(
        Map.of(
            "file.glob",
            dir.resolve("*.log").toString(),
            "topic",
            "lines",
            "batch.max.lines",
            Integer.toString(batch),
            "host.name",
            "web-1"));
    return task;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Values of everything polled until a poll returns nothing; offsets remembered as stored. */
  private List<String> drain() {
    List<String> values = new ArrayList<>();
    List<SourceRecord> batch;
    while (!(batch = task.poll()).isEmpty()) {
      for (SourceRecord r : batch) {
        values.add((String) r.value());
        stored.put(r.sourcePartition(), new HashMap<>(r.sourceOffset()));
      }
    }
    return values;
  }

  @Test
  void readsCompleteLinesWithKeyHeadersAndOffsets() throws IOException {
    Path a = dir.resolve("app.log");
    append(a, "first\r\nsecond\npart");
    start(100);

    List<SourceRecord> records = task.poll();

    assertThat(records).extracting(SourceRecord::value).containsExactly("first", "second");
    SourceRecord second = records.get(1);
    assertThat(second.topic()).isEqualTo("lines");
    assertThat(second.key()).isEqualTo(a.toString());
    assertThat(second.headers())
        .containsExactly(new Header("host", "web-1"), new Header("file", a.toString()));
    assertThat(second.sourcePartition()).isEqualTo(Map.of("file", a.toString()));
    assertThat(second.sourceOffset().get("position")).isEqualTo(14L);
    assertThat(task.poll()).isEmpty();

    append(a, "ial\n");
    assertThat(task.poll()).extracting(SourceRecord::value).containsExactly("partial");
  }

  @Test
  void followsNewFilesAndIgnoresOthers() throws IOException {
    append(dir.resolve("a.log"), "a1\n");
    append(dir.resolve("notes.txt"), "ignored\n");
    start(100);
    assertThat(drain()).containsExactly("a1");

    append(dir.resolve("b.log"), "b1\n");
    append(dir.resolve("a.log"), "a2\n");
    assertThat(drain()).containsExactly("a2", "b1");
  }

  @Test
  void aRotatedFileIsReadToItsEndThenTheNewFileFromItsStart() throws IOException {
    Path app = dir.resolve("app.log");
    append(app, "1\n2\n");
    start(100);
    assertThat(drain()).containsExactly("1", "2");

    append(app, "3\nlast-without-newline");
    Files.move(app, dir.resolve("app.log.1")); // renamed away: no longer matches *.log
    append(app, "new-1\nnew-2\n");

    assertThat(drain()).containsExactly("3", "last-without-newline", "new-1", "new-2");
    append(app, "new-3\n");
    assertThat(drain()).containsExactly("new-3");
  }

  @Test
  void aRotationLargerThanABatchLosesNothing() throws IOException {
    Path app = dir.resolve("app.log");
    start(3);
    append(app, "a\n");
    assertThat(drain()).containsExactly("a");
    for (int i = 0; i < 10; i++) {
      append(app, "old" + i + "\n");
    }
    Files.move(app, dir.resolve("app.log.1"));
    append(app, "new0\nnew1\n");

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("old" + i);
    }
    expected.add("new0");
    expected.add("new1");
    assertThat(drain()).isEqualTo(expected);
  }

  @Test
  void aTruncatedFileIsReadAgainFromItsStart() throws IOException {
    Path app = dir.resolve("app.log");
    append(app, "one\ntwo\nthree\n");
    start(100);
    assertThat(drain()).containsExactly("one", "two", "three");

    Files.writeString(app, "x\n", StandardOpenOption.TRUNCATE_EXISTING); // copytruncate-style
    assertThat(drain()).containsExactly("x");
  }

  @Test
  void aDeletedFileIsForgottenAndARecreatedOneReadFromItsStart() throws IOException {
    Path app = dir.resolve("app.log");
    append(app, "one\n");
    start(100);
    assertThat(drain()).containsExactly("one");
    Files.delete(app);
    assertThat(drain()).isEmpty();
    append(app, "again\n");
    assertThat(drain()).containsExactly("again");
  }

  @Test
  void resumesFromTheStoredOffsetOfTheSameFileOnly() throws IOException {
    Path app = dir.resolve("app.log");
    append(app, "1\n2\n");
    start(100);
    assertThat(drain()).containsExactly("1", "2");
    task.stop();

    append(app, "3\n");
    start(100);
    assertThat(drain()).containsExactly("3");
    task.stop();

    // The path now names another file (rotated while stopped): the stored offset is not its own.
    Files.move(app, dir.resolve("app.log.1"));
    append(app, "fresh\n");
    start(100);
    assertThat(drain()).containsExactly("fresh");
  }

  @Test
  void wildcardsInDirectoriesAreRejectedNamingTheKey() {
    task = new FileSourceTask();
    task.initialize(p -> null);
    assertThatThrownBy(
            () ->
                task.start(Map.of("file.glob", dir.resolve("*/app.log").toString(), "topic", "t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'file.glob'");
    task = null;
  }
}
