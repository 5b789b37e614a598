package io.runnel.streams.log.kafka;

import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link KafkaProducer} of bytes with acks=all and idempotence. Thread-safe; futures complete on
 * the producer's I/O thread.
 */
final class KafkaLogProducer implements LogProducer {
  private final KafkaProducer<byte[], byte[]> producer;

  KafkaLogProducer(String bootstrapServers, Map<String, String> overrides) {
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public CompletableFuture<Long> send(
      TopicPartition partition, byte[] key, byte[] value, long timestamp, List<LogHeader> headers) {
    CompletableFuture<Long> result = new CompletableFuture<>();
    try {
      List<Header> kafkaHeaders = new ArrayList<>(headers.size());
      for (LogHeader h : headers) {
        kafkaHeaders.add(new RecordHeader(h.key(), h.value()));
      }
      producer.send(
          new ProducerRecord<>(
              partition.topic(), partition.partition(), timestamp, key, value, kafkaHeaders),
          (metadata, error) -> {
            if (error != null) {
              result.completeExceptionally(
                  new LogException("cannot append to " + partition + ": " + error, error));
            } else {
              result.complete(metadata.offset());
            }
          });
    } catch (KafkaException e) {
      result.completeExceptionally(new LogException("cannot append to " + partition + ": " + e, e));
    }
    return result;
  }

  @Override
  public void flush() {
    try {
      producer.flush();
    } catch (KafkaException e) {
      throw new LogException("cannot flush producer: " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
