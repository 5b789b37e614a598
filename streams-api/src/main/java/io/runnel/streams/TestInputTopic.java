package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * Writes records into an input topic of a {@link TestDriver}; each call returns once the topology
 * has processed the record and committed. Not thread-safe: the test's thread only.
 */
public final class TestInputTopic<K, V> {
  private final TestDriver driver;
  private final String topic;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  TestInputTopic(TestDriver driver, String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    this.driver = driver;
    this.topic = topic;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** Pipes one record with this timestamp (epoch milliseconds) into the key's partition. */
  public void pipeInput(K key, V value, long timestamp) {
    driver.pipe(topic, keySerde.serialize(key), valueSerde.serialize(value), timestamp);
  }

  /** Pipes one record with timestamp 0. */
  public void pipeInput(K key, V value) {
    pipeInput(key, value, 0L);
  }
}
