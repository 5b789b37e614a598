package io.runnel.connect;

import java.util.List;
import java.util.Map;

/**
 * A connector: validates its configuration and splits the work into task configurations. It moves
 * no data itself; its tasks do.
 *
 * <p>Lifecycle, all on the worker's thread: a public no-argument constructor, {@link #config()},
 * {@link #start}, {@link #taskConfigs}, then {@link #stop} once.
 */
public interface Connector {

  /** The keys this connector understands (the worker adds the common ones: name, tasks.max...). */
  ConfigDef config();

  /**
   * Starts with a configuration already validated against {@link #config()}.
   *
   * @throws ConfigException naming the key if a value is valid alone but not in combination
   */
  void start(ParsedConfig config);

  /** At most {@code maxTasks} task configurations; each starts one task. */
  List<Map<String, String>> taskConfigs(int maxTasks);

  /** Releases what {@link #start} acquired. */
  void stop();
}
