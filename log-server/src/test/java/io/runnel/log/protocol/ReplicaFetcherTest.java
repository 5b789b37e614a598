package io.runnel.log.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.storage.BatchBuilder;
import io.runnel.log.storage.Compression;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a follower keeps of a fetched range: whole batches at or after its log end. */
class ReplicaFetcherTest {

  /** Three batches of 2 records at offsets 0, 2 and 4, back to back. */
  private static ByteBuffer threeBatches() {
    ByteBuffer all = ByteBuffer.allocate(4096);
    for (int base = 0; base < 6; base += 2) {
      BatchBuilder b = BatchBuilder.create(Compression.NONE);
      b.add(1000, null, ("v" + base).getBytes(StandardCharsets.UTF_8));
      b.add(1000, null, ("v" + (base + 1)).getBytes(StandardCharsets.UTF_8));
      all.put(b.build(base));
    }
    return all.flip();
  }

  @Test
  void keepsWholeBatchesAndLeavesATrailingPartialOneForTheNextFetch() {
    ByteBuffer all = threeBatches();
    int whole = all.remaining();
    assertThat(ReplicaFetcher.wholeBatches(all.duplicate(), 0).remaining()).isEqualTo(whole);
    ByteBuffer cut = all.duplicate().limit(whole - 10);
    ByteBuffer kept = ReplicaFetcher.wholeBatches(cut, 0);
    assertThat(kept.remaining()).isEqualTo(whole / 3 * 2);
    // Fed one byte at a time, a prefix never yields a batch it does not hold whole.
    for (int limit = 0; limit <= whole; limit++) {
      int size = ReplicaFetcher.wholeBatches(all.duplicate().limit(limit), 0).remaining();
      assertThat(size % (whole / 3)).as("prefix of %d bytes", limit).isZero();
      assertThat(size).isLessThanOrEqualTo(limit);
    }
  }

  @Test
  void skipsBatchesBelowTheFollowersLogEnd() {
    ByteBuffer all = threeBatches();
    int batch = all.remaining() / 3;
    ByteBuffer kept = ReplicaFetcher.wholeBatches(all.duplicate(), 4);
    assertThat(kept.remaining()).isEqualTo(batch);
    assertThat(kept.getLong(kept.position())).isEqualTo(4);
    assertThat(ReplicaFetcher.wholeBatches(all.duplicate(), 6).remaining()).isZero();
  }
}
