package io.runnel.connect.file;

import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SinkRecord;
import io.runnel.connect.SinkTask;
import io.runnel.streams.log.TopicPartition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Map;

/**
 * The task of {@link FileSinkConnector}: each record's value becomes one line ({@code byte[]}
 * values as they are, others as their text); records without a value (tombstones) are skipped.
 * {@link #flush} forces the file to disk, so committed offsets never run ahead of the file.
 *
 * <p>Not thread-safe: the worker calls it from the task's thread only.
 */
public final class FileSinkTask implements SinkTask {
  private RollingFileWriter writer;

  @Override
  public void start(Map<String, String> config) {
    ParsedConfig parsed = FileSinkConnector.CONFIG.parse(config);
    writer =
        new RollingFileWriter(
            Paths.get(parsed.getString(FileSinkConnector.FILE)),
            parsed.getLong(FileSinkConnector.ROLL_BYTES, 1));
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    for (SinkRecord record : records) {
      Object value = record.value();
      if (value == null) {
        continue;
      }
      byte[] bytes =
          value instanceof byte[]
              ? (byte[]) value
              : value.toString().getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream line = new ByteArrayOutputStream(bytes.length + 1);
      line.writeBytes(bytes);
      line.write('\n');
      writer.write(line.toByteArray());
    }
  }

  @Override
  public void flush(Map<TopicPartition, Long> offsets) {
    writer.flush();
  }

  @Override
  public void stop() {
    if (writer != null) {
      writer.close();
    }
  }
}
