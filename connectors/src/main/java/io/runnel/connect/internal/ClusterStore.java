package io.runnel.connect.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.runnel.connect.ConnectException;
import io.runnel.connect.TaskStatus;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config and status topics of a distributed worker group: compacted, one partition each, read
 * by every worker into a {@link ClusterState}. Records, all JSON with a text key:
 *
 * <pre>
 *   config topic
 *     connector/&lt;name&gt;     {"type": "source", "config": {...}, "tasks": [{...}, ...]}
 *     target-state/&lt;name&gt;  {"state": "PAUSED"} or {"state": "STARTED"}
 *     restart/&lt;name&gt;       {"id": "&lt;random id&gt;"}  (a new id asks the task owners to restart)
 *   status topic
 *     task/&lt;name&gt;/&lt;n&gt;      {"state": "RUNNING", "worker_id": "host:port", "trace": "..."}
 * </pre>
 *
 * A null value (tombstone) removes the key: a deleted connector leaves tombstones for all of its
 * keys. The worker that takes a request computes the task configurations once and writes them with
 * the connector, so every worker runs the same tasks whatever its view of outside systems.
 *
 * <p>Threading: {@link #load} and {@link #poll} run on one thread (the worker's herder thread),
 * which owns the consumer; the writes and {@link #awaitApplied} may be called from any thread.
 */
public final class ClusterStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Log log;
  private final TopicPartition config;
  private final TopicPartition status;
  private final ClusterState state = new ClusterState();
  private LogProducer producer;
  private LogConsumer consumer;
  /** The next config topic offset to apply; guarded by this, waited on by awaitApplied. */
  private long configPosition;

  /** A store over the two topics of {@code log}; nothing is read before {@link #load}. */
  public ClusterStore(Log log, String configTopic, String statusTopic) {
    this.log = log;
    this.config = new TopicPartition(configTopic, 0);
    this.status = new TopicPartition(statusTopic, 0);
  }

  /** The state read so far. */
  public ClusterState state() {
    return state;
  }

  /**
   * Creates the topics if they are missing and reads both to their end.
   *
   * @throws ConnectException naming a topic that cannot be read
   */
  public void load() {
    try {
      for (TopicPartition tp : List.of(config, status)) {
        log.createTopic(TopicSpec.compacted(tp.topic(), 1));
      }
      producer = log.newProducer();
      consumer = log.newConsumer(null);
      consumer.assign(List.of(config, status));
      Map<TopicPartition, Long> end = consumer.endOffsets(List.of(config, status));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(config) < end.get(config)
          || consumer.position(status) < end.get(status)) {
        if (System.nanoTime() > deadline) {
          throw new ConnectException(
              "topics '" + config.topic() + "' and '" + status.topic() + "' not read to their end"
                  + " within " + TIMEOUT);
        }
        poll(Duration.ofMillis(100));
      }
    } catch (LogException e) {
      throw new ConnectException(
          "cannot read the config and status topics '" + config.topic() + "', '"
              + status.topic() + "'",
          e);
    }
  }

  /** Reads and applies what arrived on both topics, waiting up to {@code timeout}. */
  public void poll(Duration timeout) {
    for (LogRecord r : consumer.poll(timeout)) {
      if (r.key() != null) {
        apply(r, new String(r.key(), StandardCharsets.UTF_8));
      }
    }
    long position = consumer.position(config);
    synchronized (this) {
      if (position != configPosition) {
        configPosition = position;
        notifyAll();
      }
    }
  }

  private void apply(LogRecord r, String key) {
    Map<String, Object> value;
    try {
      value = r.value() == null ? null : JSON.readValue(r.value(), MAP);
    } catch (IOException e) {
      LOG.warn("topic '{}' holds a value under '{}' that is not a JSON object; ignored", r.topic(),
          key);
      return;
    }
    int slash = key.indexOf('/');
    if (slash < 0) {
      return;
    }
    String kind = key.substring(0, slash);
    String name = key.substring(slash + 1);
    switch (kind) {
      case "connector":
        state.putConnector(name, value == null ? null : plan(name, value), r.offset());
        break;
      case "target-state":
        state.putPaused(name, value != null && "PAUSED".equals(value.get("state")));
        break;
      case "restart":
        state.putRestart(name, value == null ? null : String.valueOf(value.get("id")));
        break;
      case "task":
        int at = name.lastIndexOf('/');
        if (at > 0) {
          String connector = name.substring(0, at);
          int task = Integer.parseInt(name.substring(at + 1));
          state.putStatus(connector, task, value == null ? null : taskStatus(connector, task,
              value));
        }
        break;
      default:
        break;
    }
  }

  @SuppressWarnings("unchecked")
  private static ConnectorPlan plan(String name, Map<String, Object> value) {
    Map<String, String> connectorConfig = (Map<String, String>) value.get("config");
    List<Map<String, String>> tasks = (List<Map<String, String>>) value.get("tasks");
    return new ConnectorPlan(name, String.valueOf(value.get("type")), connectorConfig, tasks);
  }

  private static TaskStatus taskStatus(String connector, int task, Map<String, Object> value) {
    Object trace = value.get("trace");
    return new TaskStatus(
        connector,
        task,
        TaskStatus.State.valueOf(String.valueOf(value.get("state"))),
        trace == null ? null : trace.toString(),
        String.valueOf(value.get("worker_id")));
  }

  /**
   * Writes a connector's configuration and task configurations.
   *
   * @return the record's offset, for {@link #awaitApplied}
   */
  public long writeConnector(ConnectorPlan plan) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("type", plan.type());
    value.put("config", plan.config());
    value.put("tasks", plan.taskConfigs());
    return write(config, "connector/" + plan.name(), value);
  }

  /** Writes a connector's target state; returns the record's offset. */
  public long writePaused(String name, boolean paused) {
    return write(config, "target-state/" + name, Map.of("state", paused ? "PAUSED" : "STARTED"));
  }

  /** Writes a restart request with a new id; returns the record's offset. */
  public long writeRestart(String name, String id) {
    return write(config, "restart/" + name, Map.of("id", id));
  }

  /** Writes tombstones for every key of connector {@code name}; returns the last offset. */
  public long writeDeleted(String name, int tasks) {
    for (int t = 0; t < tasks; t++) {
      write(status, "task/" + name + "/" + t, null);
    }
    write(config, "target-state/" + name, null);
    write(config, "restart/" + name, null);
    return write(config, "connector/" + name, null);
  }

  /** Reports a task's state for every worker to see. */
  public void writeStatus(TaskStatus task) {
    Map<String, Object> value = new HashMap<>();
    value.put("state", task.state().name());
    value.put("worker_id", task.workerId());
    if (task.lastError() != null) {
      value.put("trace", task.lastError());
    }
    write(status, "task/" + task.connector() + "/" + task.task(), value);
  }

  private long write(TopicPartition tp, String key, Object value) {
    try {
      byte[] bytes = value == null ? null : JSON.writeValueAsBytes(value);
      return producer
          .send(tp, key.getBytes(StandardCharsets.UTF_8), bytes, System.currentTimeMillis())
          .join();
    } catch (IOException | CompletionException | LogException e) {
      throw new ConnectException("cannot write '" + key + "' to topic '" + tp.topic() + "'", e);
    }
  }

  /**
   * Waits until this worker's state includes the config topic record at {@code offset}, so a
   * request's answer shows its own write.
   *
   * @throws ConnectException if that takes longer than 30 seconds
   */
  public synchronized void awaitApplied(long offset) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (configPosition <= offset) {
      long waitMs = (deadline - System.nanoTime()) / 1_000_000;
      if (waitMs <= 0) {
        throw new ConnectException(
            "the worker did not read its write at offset " + offset + " of topic '"
                + config.topic() + "' back within " + TIMEOUT);
      }
      try {
        wait(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("interrupted while waiting for the config topic", e);
      }
    }
  }

  /** Releases the producer and the consumer (call from the thread that polls). */
  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
    if (consumer != null) {
      consumer.close();
    }
  }
}
