package io.runnel.streams;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.streams.log.LogRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a topology wrote to an output topic of a {@link TestDriver}, in the order it was
 * written across partitions; each read returns only records not read before. Not thread-safe: the
 * test's thread only.
 */
public final class TestOutputTopic<K, V> {
  private final TestDriver driver;
  private final String topic;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private int read;

  TestOutputTopic(TestDriver driver, String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    this.driver = driver;
    this.topic = topic;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** The records written since the last read. */
  public List<TestRecord<K, V>> readRecords() {
    List<LogRecord> all = driver.log().records(topic);
    List<TestRecord<K, V>> out = new ArrayList<>();
    for (LogRecord r : all.subList(read, all.size())) {
      out.add(
          new TestRecord<>(
              keySerde.deserialize(r.key()),
              valueSerde.deserialize(r.value()),
              r.timestamp(),
              r.partition()));
    }
    read = all.size();
    return out;
  }

  /** The keys and values written since the last read. */
  public List<KeyValue<K, V>> readKeyValues() {
    List<KeyValue<K, V>> out = new ArrayList<>();
    for (TestRecord<K, V> r : readRecords()) {
      out.add(KeyValue.pair(r.key(), r.value()));
    }
    return out;
  }

  /** The latest value per key written since the last read (a null value removes the key). */
  public Map<K, V> readKeyValuesToMap() {
    Map<K, V> out = new LinkedHashMap<>();
    for (TestRecord<K, V> r : readRecords()) {
      if (r.value() == null) {
        out.remove(r.key());
      } else {
        out.put(r.key(), r.value());
      }
    }
    return out;
  }

  /** Whether every record written was read. */
  public boolean isEmpty() {
    return driver.log().records(topic).size() == read;
  }
}
