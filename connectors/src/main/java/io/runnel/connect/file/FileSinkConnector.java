package io.runnel.connect.file;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SinkConnector;
import io.runnel.connect.SinkTask;
import java.util.List;
import java.util.Map;

/**
 * {@code file-sink}: appends the values of the records of {@code topics} to {@code file}, one per
 * line, rolling the file by size (see {@link RollingFileWriter}). One task, since one file has one
 * writer.
 *
 * <p>Not thread-safe; used by the worker's thread only.
 */
public final class FileSinkConnector implements SinkConnector {
  /** The file to append to. */
  public static final String FILE = "file";

  /** Roll the file before it would pass this many bytes. */
  public static final String ROLL_BYTES = "file.roll.bytes";

  /** The keys of file-sink. */
  public static final ConfigDef CONFIG =
      new ConfigDef()
          .required(FILE, ConfigDef.Type.STRING, "the file to append record values to")
          .define(ROLL_BYTES, ConfigDef.Type.LONG, "104857600", "roll the file at this size");

  private Map<String, String> config;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void start(ParsedConfig parsed) {
    parsed.getLong(ROLL_BYTES, 1);
    this.config = parsed.originals();
  }

  @Override
  public Class<? extends SinkTask> taskClass() {
    return FileSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(config);
  }

  @Override
  public void stop() {}
}
