package io.runnel.connect;

import io.runnel.streams.log.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink that keeps what it is given, per connector name, for tests; a record whose value is a map
 * with {@code "reject": true} (or the text {@code reject}) is reported as bad through the errant
 * record reporter instead.
 */
public final class RecordingSink implements SinkConnector {
  private static final Map<String, List<SinkRecord>> RECEIVED = new ConcurrentHashMap<>();

  /** The records put into the tasks of connector {@code name} so far. */
  public static List<SinkRecord> received(String name) {
    return RECEIVED.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
  }

  private String name;

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void start(ParsedConfig config) {
    name = config.originals().get("name");
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(Map.of("name", name));
  }

  @Override
  public void stop() {}

  @Override
  public Class<? extends SinkTask> taskClass() {
    return Task.class;
  }

  /** Keeps records, reports rejected ones. */
  public static final class Task implements SinkTask {
    private ErrantRecordReporter reporter;
    private List<SinkRecord> received;

    @Override
    public void initialize(SinkTaskContext context) {
      reporter = context.errantRecordReporter();
    }

    @Override
    public void start(Map<String, String> config) {
      received = received(config.get("name"));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
      for (SinkRecord r : records) {
        Object v = r.value();
        if ("reject".equals(v) || (v instanceof Map && Boolean.TRUE.equals(((Map<?, ?>) v).get("reject")))) {
          reporter.report(r, new ConnectException("record rejected by the destination"));
        } else {
          received.add(r);
        }
      }
    }

    @Override
    public void flush(Map<TopicPartition, Long> offsets) {}

    @Override
    public void stop() {}
  }
}
