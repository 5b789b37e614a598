package io.runnel.log.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.log.group.OffsetsTopicFormat.Entry;
import io.runnel.log.group.OffsetsTopicFormat.GroupEntry;
import io.runnel.log.group.OffsetsTopicFormat.GroupSnapshot;
import io.runnel.log.group.OffsetsTopicFormat.OffsetEntry;
import io.runnel.log.group.OffsetsTopicFormat.StoredMember;
import io.runnel.log.storage.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OffsetsTopicFormatTest {

  @Property(tries = 300, seed = "20260101")
  void everyRecordDecodesToWhatWasEncoded(@ForAll("entries") Entry entry) {
    Entry decoded = OffsetsTopicFormat.decode(OffsetsTopicFormat.key(entry), OffsetsTopicFormat.value(entry));

    assertThat(decoded).isEqualTo(entry);
  }

  @Property(tries = 100, seed = "20260102")
  void aTruncatedValueIsReportedNeverMisread(@ForAll("entries") Entry entry) {
    byte[] key = OffsetsTopicFormat.key(entry);
    byte[] value = OffsetsTopicFormat.value(entry);
    if (value == null) {
      return;
    }
    for (int length = 0; length < value.length; length++) {
      byte[] prefix = Arrays.copyOf(value, length);
      assertThatThrownBy(() -> OffsetsTopicFormat.decode(key, prefix))
          .as("a value cut to %d of %d bytes", length, value.length)
          .isInstanceOf(GroupStoreException.class);
    }
  }

  @Test
  void theOffsetKeyIsLaidOutAsDocumented() {
    byte[] key = OffsetsTopicFormat.key(new OffsetEntry("g", new TopicPartition("t", 5), null, -1));

    ByteBuffer expected = ByteBuffer.allocate(2 + 3 + 3 + 4).putShort((short) 1)
        .putShort((short) 1).put((byte) 'g').putShort((short) 1).put((byte) 't').putInt(5);
    assertThat(key).isEqualTo(expected.array());
  }

  @Test
  void aKeyOfAnUnknownKindIsSkippedAndAnUnknownValueVersionRefused() {
    byte[] futureKey = ByteBuffer.allocate(5).putShort((short) 9).putShort((short) 1).put((byte) 'g').array();
    assertThat(OffsetsTopicFormat.decode(futureKey, new byte[] {1, 2, 3})).isNull();

    byte[] groupKey = OffsetsTopicFormat.key(new GroupEntry("g", null));
    byte[] futureValue = ByteBuffer.allocate(2).putShort((short) 2).array();
    assertThatThrownBy(() -> OffsetsTopicFormat.decode(groupKey, futureValue))
        .isInstanceOf(GroupStoreException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("group 'g'");
  }

  @Test
  void aGroupWithMembersButNoProtocolIsRefused() {
    StoredMember m = new StoredMember("m", null, "c", "h", 1, 2, new byte[0], new byte[0]);
    GroupEntry bad = new GroupEntry("g", new GroupSnapshot("consumer", 1, null, "m", 0, List.of(m)));

    assertThatThrownBy(() -> OffsetsTopicFormat.decode(OffsetsTopicFormat.key(bad), OffsetsTopicFormat.value(bad)))
        .isInstanceOf(GroupStoreException.class)
        .hasMessageContaining("no protocol");
  }

  @Provide
  Arbitrary<Entry> entries() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '.', 'é', '中')
        .ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> nullable = names.injectNull(0.3);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<Entry> offsets = Combinators.combine(names, names, Arbitraries.integers().between(0, 10_000),
            Arbitraries.longs().between(-1, Long.MAX_VALUE), Arbitraries.integers().between(-1, 1000), nullable,
            Arbitraries.longs().between(0, 1L << 45), Arbitraries.of(true, false))
        .as((g, t, p, off, epoch, meta, ts, tombstone) -> tombstone
            ? new OffsetEntry(g, new TopicPartition(t, p), null, -1)
            : new OffsetEntry(g, new TopicPartition(t, p), new CommittedOffset(off, epoch, meta), ts));
    Arbitrary<StoredMember> members = Combinators.combine(names, nullable, names, names,
            Arbitraries.integers().between(1, 300_000), Arbitraries.integers().between(1, 300_000), bytes, bytes)
        .as(StoredMember::new);
    Arbitrary<Entry> groups = Combinators.combine(names, names, Arbitraries.integers().between(0, 1000), nullable,
            nullable, members.list().ofMaxSize(4), Arbitraries.of(true, false))
        .as((g, type, gen, protocol, leader, ms, tombstone) -> tombstone
            ? new GroupEntry(g, null)
            : new GroupEntry(g, new GroupSnapshot(type, gen, protocol == null && !ms.isEmpty() ? "range" : protocol,
                leader, 42L, ms)));
    return Arbitraries.oneOf(offsets, groups);
  }

  @Test
  void storedMembersCompareByContent() {
    StoredMember a = new StoredMember("m", null, "c", "h", 1, 2, new byte[] {1}, new byte[] {2});
    StoredMember b = new StoredMember("m", null, "c", "h", 1, 2, new byte[] {1}, new byte[] {2});
    assertThat(List.of(a)).isEqualTo(List.of(b));
  }
}
