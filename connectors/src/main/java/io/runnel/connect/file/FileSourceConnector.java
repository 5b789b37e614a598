package io.runnel.connect.file;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SourceConnector;
import io.runnel.connect.SourceTask;
import java.util.List;
import java.util.Map;

/**
 * {@code file-source}: tails the files matching {@code file.glob} into {@code topic}, one record
 * per line ({@code format=lines}) or per JSON object ({@code format=json}), as a log shipper does. One task follows every matching file. See {@link FileSourceTask}
 * for the record shape and {@link FileTailer} for rotation and truncation.
 *
 * <p>Not thread-safe; used by the worker's thread only.
 */
public final class FileSourceConnector implements SourceConnector {
  /** The files to follow: a path whose file name (not directories) may hold glob wildcards. */
  public static final String FILE_GLOB = "file.glob";

  /** The topic to write to. */
  public static final String TOPIC = "topic";

  /** {@code lines}: one record per line; {@code json}: one per top-level JSON object. */
  public static final String FORMAT = "format";

  /** At most this many lines (or objects) per poll. */
  public static final String BATCH_MAX_LINES = "batch.max.lines";

  /** The {@code host} header; empty means this machine's host name. */
  public static final String HOST_NAME = "host.name";

  /** The keys of file-source. */
  public static final ConfigDef CONFIG =
      new ConfigDef()
          .required(FILE_GLOB, ConfigDef.Type.STRING, "files to follow, e.g. /var/log/app/*.log")
          .required(TOPIC, ConfigDef.Type.STRING, "the topic to write lines to")
          .define(FORMAT, ConfigDef.Type.STRING, "lines", "lines or json: a record per line or object")
          .define(BATCH_MAX_LINES, ConfigDef.Type.INT, "1000", "at most this many lines per poll")
          .define(HOST_NAME, ConfigDef.Type.STRING, "", "the host header; empty: this host's name");

  private Map<String, String> config;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void start(ParsedConfig parsed) {
    parsed.getInt(BATCH_MAX_LINES, 1);
    jsonFormat(parsed);
    FileSourceTask.parseGlob(parsed.getString(FILE_GLOB));
    this.config = parsed.originals();
  }

  /**
   * True for {@code format=json}, false for {@code lines}.
   *
   * @throws ConfigException naming {@code format} for other values
   */
  static boolean jsonFormat(ParsedConfig parsed) {
    String format = parsed.getString(FORMAT);
    if (!format.equals("lines") && !format.equals("json")) {
      throw new ConfigException(FORMAT, "use lines or json, got '" + format + "'");
    }
    return format.equals("json");
  }

  @Override
  public Class<? extends SourceTask> taskClass() {
    return FileSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    // One task: splitting a glob's files between tasks would move files between them as they come.
    return List.of(config);
  }

  @Override
  public void stop() {}
}
