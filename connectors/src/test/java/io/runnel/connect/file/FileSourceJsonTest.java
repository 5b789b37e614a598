package io.runnel.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.runnel.connect.ConfigException;
import io.runnel.connect.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** file-source with {@code format=json}: one record per top-level JSON object. */
class FileSourceJsonTest {
  @TempDir Path dir;
  private final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private final Logger tailerLog = (Logger) LoggerFactory.getLogger(FileTailer.class);
  private FileSourceTask task;

  @BeforeEach
  void captureWarnings() {
    warnings.start();
    tailerLog.addAppender(warnings);
  }

  @AfterEach
  void stop() {
    tailerLog.detachAppender(warnings);
    if (task != null) {
      task.stop();
    }
  }

  private FileSourceTask start(int batch) {
    task = new FileSourceTask();
    task.initialize(stored::get);
    task.start(
        Map.of(
            "file.glob", dir.resolve("*.json").toString(),
            "topic", "events",
            "format", "json",
            "batch.max.lines", Integer.toString(batch)));
    return task;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Values of everything polled until a poll returns nothing; offsets remembered as stored. */
  private List<Object> drain() {
    List<Object> values = new ArrayList<>();
    List<SourceRecord> batch;
    while (!(batch = task.poll()).isEmpty()) {
      for (SourceRecord r : batch) {
        values.add(r.value());
        stored.put(r.sourcePartition(), new HashMap<>(r.sourceOffset()));
      }
    }
    return values;
  }

  private static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private List<String> warningLines() {
    return warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static final String OBJECTS =
      "{\"n\": 1, \"msg\": \"a } and a { in a string\"}{\"n\": 2}\n"
          + "{\n  \"n\": 3,\n  \"nested\": {\"quote\": \"say \\\"}\\\"\", \"list\": [1, {\"x\": 2}]}\n}\n"
          + "\t{\"n\": 4, \"text\": \"h\u00e9llo \u2603\"}\r\n";

  private static final List<Object> EXPECTED =
      List.of(
          object("n", 1, "msg", "a } and a { in a string"),
          object("n", 2),
          object("n", 3, "nested", object("quote", "say \"}\"", "list", List.of(1, object("x", 2)))),
          object("n", 4, "text", "h\u00e9llo \u2603"));

  @Test
  void oneRecordPerObjectWhereverTheLinesBreak() throws IOException {
    Path file = dir.resolve("app.json");
    append(file, OBJECTS);
    start(100);

    List<SourceRecord> records = task.poll();

    assertThat(records).extracting(SourceRecord::value).isEqualTo(EXPECTED);
    assertThat(records.get(0).key()).isEqualTo(file.toString());
    assertThat(records.get(1).sourceOffset().get("position"))
        .isEqualTo((long) OBJECTS.indexOf('\n'));
    assertThat(warningLines()).isEmpty();
  }

  @Test
  void fedOneByteAtATimeGivesTheSameObjects() throws IOException {
    Path file = dir.resolve("app.json");
    Files.createFile(file);
    start(100);
    List<Object> values = new ArrayList<>();
    for (byte b : OBJECTS.getBytes(StandardCharsets.UTF_8)) {
      Files.write(file, new byte[] {b}, StandardOpenOption.APPEND);
      values.addAll(drain());
    }
    assertThat(values).isEqualTo(EXPECTED);
  }

  @Test
  void aPartialObjectWaitsForTheRest() throws IOException {
    Path file = dir.resolve("app.json");
    append(file, "{\"n\": 1}\n{\"n\":");
    start(100);
    assertThat(drain()).containsExactly(object("n", 1));

    append(file, " 2,\n \"done\": true}");
    assertThat(drain()).containsExactly(object("n", 2, "done", true));
  }

  private static final String MALFORMED = "{\"n\": 1}\n{\"n\": tru}\noops\n{\"n\": 3}\n";

  private void assertMalformedSkippedAndReported(Path file, List<Object> values) {
    assertThat(values).containsExactly(object("n", 1), object("n", 3));
    assertThat(warningLines()).hasSize(2);
    assertThat(warningLines().get(0))
        .contains(file.toString())
        .contains("at byte " + MALFORMED.indexOf("{\"n\": tru"))
        .contains("malformed JSON");
    assertThat(warningLines().get(1))
        .contains(file.toString())
        .contains("skipped 5 bytes")
        .contains("at byte " + MALFORMED.indexOf("oops"))
        .contains("not a JSON object");
  }

  @Test
  void malformedObjectsAndStrayBytesAreSkippedWithAWarningNamingFileAndOffset()
      throws IOException {
    Path file = dir.resolve("app.json");
    append(file, MALFORMED);
    start(100);
    assertMalformedSkippedAndReported(file, drain());
  }

  @Test
  void malformedBytesFedOneAtATimeAreReportedOnce() throws IOException {
    Path file = dir.resolve("app.json");
    Files.createFile(file);
    start(100);
    List<Object> values = new ArrayList<>();
    for (byte b : MALFORMED.getBytes(StandardCharsets.UTF_8)) {
      Files.write(file, new byte[] {b}, StandardOpenOption.APPEND);
      values.addAll(drain());
    }
    assertMalformedSkippedAndReported(file, values);
  }

  @Test
  void anObjectLargerThanTheReadBufferIsRead() throws IOException {
    Path file = dir.resolve("app.json");
    String big = "x".repeat(300_000);
    append(file, "{\"big\": \"" + big + "\"}\n{\"n\": 2}\n");
    start(100);
    assertThat(drain()).containsExactly(object("big", big), object("n", 2));
  }

  @Test
  void rotationReadsTheOldFileToItsEndReportsItsPartialObjectThenTheNewFile()
      throws IOException {
    Path file = dir.resolve("app.json");
    append(file, "{\"n\": 1}\n");
    start(2);
    assertThat(drain()).containsExactly(object("n", 1));

    append(file, "{\"n\": 2}\n{\"n\": 3}\n{\"n\": 4}\n{\"n\": ");
    Files.move(file, dir.resolve("app.json.1"));
    append(file, "{\"n\": \"new\"}\n");

    assertThat(drain())
        .containsExactly(object("n", 2), object("n", 3), object("n", 4), object("n", "new"));
    assertThat(warningLines()).singleElement().asString().contains("partial JSON object");
  }

  @Test
  void resumesFromTheStoredOffset() throws IOException {
    Path file = dir.resolve("app.json");
    append(file, "{\"n\": 1}\n{\"n\": 2}\n{\"n\"");
    start(100);
    assertThat(drain()).containsExactly(object("n", 1), object("n", 2));
    task.stop();

    append(file, ": 3}\n");
    start(100);
    assertThat(drain()).containsExactly(object("n", 3));
  }

  @Test
  void anUnknownFormatIsRejectedNamingTheKey() {
    task = new FileSourceTask();
    task.initialize(p -> null);
    assertThatThrownBy(
            () ->
                task.start(
                    Map.of("file.glob", dir.resolve("*.json").toString(), "topic", "t",
                        "format", "xml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'format'");
    task = null;
  }
}
