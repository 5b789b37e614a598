package io.runnel.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source for tests: records {@code 0..count-1} with source offset {@code {"i": n}} and value
 * {@code {"n": n}}, except every third record from {@code 2} on, whose value is the text {@code
 * "bad n"}. A restarted task resumes after its stored offset; {@link #resumedAt} says where.
 */
public final class CountingSource implements SourceConnector {
  private static final Map<String, Integer> RESUMED = new ConcurrentHashMap<>();

  /** Where the last task of connector {@code name} started, or null before it started. */
  public static Integer resumedAt(String name) {
    return RESUMED.get(name);
  }

  /** Forgets where tasks of {@code name} started. */
  public static void reset(String name) {
    RESUMED.remove(name);
  }

  private Map<String, String> config;

  @Override
  public ConfigDef config() {
    return new ConfigDef()
        .required("topic", ConfigDef.Type.STRING, "topic")
        .required("count", ConfigDef.Type.INT, "records");
  }

  @Override
  public void start(ParsedConfig config) {
    this.config = config.originals();
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(config);
  }

  @Override
  public void stop() {}

  @Override
  public Class<? extends SourceTask> taskClass() {
    return Task.class;
  }

  /** Emits everything on its first poll. */
  public static final class Task implements SourceTask {
    private SourceTaskContext context;
    private String topic;
    private int next;
    private int count;

    @Override
    public void initialize(SourceTaskContext context) {
      this.context = context;
    }

    @Override
    public void start(Map<String, String> config) {
      topic = config.get("topic");
      count = Integer.parseInt(config.get("count"));
      Map<String, Object> stored = context.offset(Map.of("source", "counter"));
      next = stored == null ? 0 : ((Number) stored.get("i")).intValue() + 1;
      RESUMED.put(config.get("name"), next);
    }

    @Override
    public List<SourceRecord> poll() {
      List<SourceRecord> records = new ArrayList<>();
      for (; next < count; next++) {
        Object value = next % 3 == 2 ? "bad " + next : Map.of("n", next);
        records.add(
            new SourceRecord(
                Map.of("source", "counter"),
                Map.of("i", next),
                topic,
                null,
                value,
                List.of(new Header("n", String.valueOf(next))),
                null));
      }
      return records;
    }

    @Override
    public void stop() {}
  }
}
