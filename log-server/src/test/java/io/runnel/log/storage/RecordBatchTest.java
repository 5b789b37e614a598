package io.runnel.log.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchTest {

  @ParameterizedTest
  @EnumSource(Compression.class)
  void ourBatchesDecodeInKafkaClientsWithHeadersAndNulls(Compression codec) {
    ByteBuffer built = BatchBuilder.create(codec)
        .producer(77, (short) 3, 10)
        .add(1000, "a".getBytes(StandardCharsets.UTF_8), "one".getBytes(StandardCharsets.UTF_8),
            new Record.Header("trace", new byte[] {1, 2}), new Record.Header("empty", null))
        .add(999, null, "keyless".getBytes(StandardCharsets.UTF_8))
        .add(1500, "c".getBytes(StandardCharsets.UTF_8), null)
        .build(40);

    MutableRecordBatch batch = MemoryRecords.readableRecords(built).batches().iterator().next();
    batch.ensureValid();
    assertThat(batch.baseOffset()).isEqualTo(40);
    assertThat(batch.lastOffset()).isEqualTo(42);
    assertThat(batch.producerId()).isEqualTo(77);
    assertThat(batch.producerEpoch()).isEqualTo((short) 3);
    assertThat(batch.baseSequence()).isEqualTo(10);
    assertThat(batch.maxTimestamp()).isEqualTo(1500);
    assertThat((int) batch.compressionType().id).isEqualTo(codec.id());
    List<org.apache.kafka.common.record.internal.Record> records = new ArrayList<>();
    batch.forEach(records::add);
    assertThat(records).hasSize(3);
    assertThat(records.get(0).headers()).hasSize(2);
    assertThat(records.get(0).headers()[0].key()).isEqualTo("trace");
    assertThat(records.get(0).headers()[1].value()).isNull();
    assertThat(records.get(1).hasKey()).isFalse();
    assertThat(records.get(1).timestamp()).isEqualTo(999);
    assertThat(records.get(2).hasValue()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void kafkaBatchesDecodeWithOurIterator(Compression codec) {
    ByteBuffer kafka = KafkaBatches.batch(codec, 0, 50, 5000);
    RecordBatch batch = new RecordBatch(kafka, 0);
    assertThat(batch.isCrcValid()).isTrue();
    assertThat(batch.compression()).isEqualTo(codec);
    List<Record> records = new ArrayList<>();
    batch.records().forEachRemaining(records::add);
    assertThat(records).hasSize(50);
    assertThat(records.get(49).offset()).isEqualTo(49);
    assertThat(records.get(49).timestamp()).isEqualTo(5049);
    assertThat(new String(records.get(49).value(), StandardCharsets.UTF_8)).isEqualTo("value-49");
  }

  @Test
  void everyTruncationOfAnAppendIsRejectedAsCorrupt() {
    ByteBuffer whole = KafkaBatches.batch(Compression.NONE, 0, 5, 0);
    for (int length = 0; length < whole.remaining(); length++) {
      ByteBuffer prefix = whole.duplicate().limit(length);
      int n = length;
      assertThatThrownBy(() -> BatchValidator.validate(prefix, LogConfig.defaults(), "t-0"))
          .as("a batch cut at %d bytes", n)
          .isInstanceOf(CorruptRecordException.class);
    }
  }

  @Test
  void randomDamageIsRejectedWithAStorageExceptionAndNeverAnythingElse() {
    Random random = new Random(7);
    for (int trial = 0; trial < 3000; trial++) {
      Compression codec = Compression.values()[trial % 5];
      ByteBuffer batch = KafkaBatches.batch(codec, 0, 1 + random.nextInt(5), 0);
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(batch.remaining());
        batch.put(at, (byte) random.nextInt(256));
      }
      try {
        BatchValidator.validate(batch, LogConfig.of(java.util.Map.of("cleanup.policy", "compact")), "t-0");
        // damage that only touched baseOffset or partitionLeaderEpoch (outside the CRC) is legal input
      } catch (StorageException expected) {
        assertThat(expected.getMessage()).contains("t-0");
      }
    }
  }
}
