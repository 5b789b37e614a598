package io.runnel.streams.log.kafka;

import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@link KafkaConsumer} of bytes: no auto commit, earliest reset, and the range assignor, which
 * gives partition {@code i} of equally sized topics to one member.
 *
 * <p>Not thread-safe, like KafkaConsumer: one thread uses it.
 */
final class KafkaLogConsumer implements LogConsumer {
  private final KafkaConsumer<byte[], byte[]> consumer;

  KafkaLogConsumer(String bootstrapServers, String groupId, Map<String, String> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    this.consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void assign(Collection<TopicPartition> partitions) {
    consumer.assign(toKafka(partitions));
  }

  @Override
  public void subscribe(Collection<String> topics, RebalanceListener listener) {
    consumer.subscribe(
        topics,
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(
              Collection<org.apache.kafka.common.TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
              listener.onPartitionsRevoked(fromKafka(partitions));
            }
          }

          @Override
          public void onPartitionsAssigned(
              Collection<org.apache.kafka.common.TopicPartition> partitions) {
            listener.onPartitionsAssigned(fromKafka(partitions));
          }
        });
  }

  @Override
  public Set<TopicPartition> assignment() {
    return new HashSet<>(fromKafka(consumer.assignment()));
  }

  @Override
  public List<LogRecord> poll(Duration timeout) {
    List<LogRecord> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      out.add(
          new LogRecord(
              r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), headers(r)));
    }
    return out;
  }

  private static List<LogHeader> headers(ConsumerRecord<byte[], byte[]> r) {
    Header[] kafkaHeaders = r.headers().toArray();
    if (kafkaHeaders.length == 0) {
      return List.of();
    }
    List<LogHeader> out = new ArrayList<>(kafkaHeaders.length);
    for (Header h : kafkaHeaders) {
      out.add(new LogHeader(h.key(), h.value()));
    }
    return out;
  }

  @Override
  public void seek(TopicPartition partition, long offset) {
    consumer.seek(toKafka(partition), offset);
  }

  @Override
  public long position(TopicPartition partition) {
    return consumer.position(toKafka(partition));
  }

  @Override
  public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    consumer
        .committed(new HashSet<>(toKafka(partitions)))
        .forEach(
            (tp, meta) -> {
              if (meta != null) {
                out.put(fromKafka(tp), meta.offset());
              }
            });
    return out;
  }

  @Override
  public void commit(Map<TopicPartition, Long> offsets) {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> kafka = new HashMap<>();
    offsets.forEach((tp, offset) -> kafka.put(toKafka(tp), new OffsetAndMetadata(offset)));
    consumer.commitSync(kafka);
  }

  @Override
  public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    consumer.endOffsets(toKafka(partitions)).forEach((tp, end) -> out.put(fromKafka(tp), end));
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }

  private static org.apache.kafka.common.TopicPartition toKafka(TopicPartition tp) {
    return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
  }

  private static List<org.apache.kafka.common.TopicPartition> toKafka(
      Collection<TopicPartition> partitions) {
    List<org.apache.kafka.common.TopicPartition> out = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      out.add(toKafka(tp));
    }
    return out;
  }

  private static TopicPartition fromKafka(org.apache.kafka.common.TopicPartition tp) {
    return new TopicPartition(tp.topic(), tp.partition());
  }

  private static List<TopicPartition> fromKafka(
      Collection<org.apache.kafka.common.TopicPartition> partitions) {
    List<TopicPartition> out = new ArrayList<>();
    for (org.apache.kafka.common.TopicPartition tp : partitions) {
      out.add(fromKafka(tp));
    }
    return out;
  }
}
