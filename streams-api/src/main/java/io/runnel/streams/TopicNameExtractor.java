package io.runnel.streams;

/**
 * Chooses the topic each record is written to, for {@link KStream#to(TopicNameExtractor,
 * Produced)}. The topics must exist; a record is partitioned by murmur2 of its serialized key over
 * its topic's partition count. Called on the stream thread; must be side-effect free.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface TopicNameExtractor<K, V> {
  /** The topic for this record; never null. */
  String extract(K key, V value);
}
