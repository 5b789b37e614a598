package io.runnel.flink.internal;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bytes between the log and the job: the source hands key, value, timestamp, partition and
 * offset on undecoded (serdes run in the stages); the sink writes a record's bytes to its topic
 * with no partition set, so kafka-clients partitions by murmur2 of the key as the native runtime
 * does. Stateless.
 */
final class LogRecords {
  private LogRecords() {}

  /** The element type of every stream of a translated job. */
  static final TypeInformation<BridgeRecord> TYPE = TypeInformation.of(BridgeRecord.class);

  static final class Reader implements KafkaRecordDeserializationSchema<BridgeRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<BridgeRecord> out) {
      BridgeRecord in = new BridgeRecord();
      in.key = record.key();
      in.value = record.value();
      in.timestamp = record.timestamp();
      in.partition = record.partition();
      in.offset = record.offset();
      out.collect(in);
    }

    @Override
    public TypeInformation<BridgeRecord> getProducedType() {
      return TYPE;
    }
  }

  static final class Writer implements KafkaRecordSerializationSchema<BridgeRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        BridgeRecord record, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(
          record.topic, null, record.timestamp, (byte[]) record.key, (byte[]) record.value);
    }
  }
}
