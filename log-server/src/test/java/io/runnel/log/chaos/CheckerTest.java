package io.runnel.log.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The checker finds each kind of damage, and only that, in hand-made reads. */
class CheckerTest {
  private static List<Checker.Entry> log(long... values) {
    List<Checker.Entry> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new Checker.Entry(i, Long.toString(values[i]), 0));
    }
    return out;
  }

  private static NavigableMap<Long, Long> acked(long... valueOffsetPairs) {
    NavigableMap<Long, Long> out = new TreeMap<>();
    for (int i = 0; i < valueOffsetPairs.length; i += 2) {
      out.put(valueOffsetPairs[i], valueOffsetPairs[i + 1]);
    }
    return out;
  }

  private static Checker.Result check(List<Checker.Entry> read, NavigableMap<Long, Long> acked,
                                      Map<Integer, List<Checker.Entry>> replicas) {
    return Checker.check(Map.of(0, read), Map.of(0, 5L), Map.of(0, acked), Map.of(0, replicas));
  }

  @Test
  void aCompleteLogWithAnUnacknowledgedValueWrittenPasses() {
    // value 2 was sent and failed on the producer's side, but was written: indeterminate, allowed
    Checker.Result r = check(log(0, 1, 2, 3), acked(0, 0, 1, 1, 3, 3), Map.of(1, log(0, 1, 2, 3), 2, log(0, 1, 2, 3)));
    assertThat(r.ok()).as(r.problems().toString()).isTrue();
    assertThat(r.recordsRead()).isEqualTo(4);
  }

  @Test
  void aMissingAcknowledgedValueIsLost() {
    Checker.Result r = check(log(0, 1, 3), acked(0, 0, 1, 1, 2, 2), Map.of());
    assertThat(r.lost()).isEqualTo(1);
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("value 2 acknowledged at offset 2 is missing"));
    assertThat(r.ok()).isFalse();
  }

  @Test
  void duplicatesReorderingsStrangersAndMovedValuesAreEachCounted() {
    Checker.Result r = check(log(0, 1, 1, 4, 3, 9), acked(0, 0, 3, 3), Map.of());
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.outOfOrder()).isEqualTo(2); // the second 1, and 3 after 4
    assertThat(r.unknownValues()).isEqualTo(1); // 9: only 0..4 were sent
    assertThat(r.offsetMismatches()).isEqualTo(1); // 3 acknowledged at offset 3, found at 4
    assertThat(r.lost()).isZero();
  }

  @Test
  void aReplicaThatDiffersIsNamedWithItsFirstDifference() {
    List<Checker.Entry> otherEpoch = new ArrayList<>(log(0, 1));
    otherEpoch.set(1, new Checker.Entry(1, "1", 7));
    Checker.Result r = check(log(0, 1), acked(0, 0, 1, 1),
        Map.of(1, log(0, 1), 2, log(0), 3, otherEpoch));
    assertThat(r.replicaMismatches()).isEqualTo(2);
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("on node 2").contains("holds 1 records"));
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("on node 3").contains("record 1 differs"));

    Map<Integer, List<Checker.Entry>> missing = new TreeMap<>();
    missing.put(1, null);
    assertThat(check(log(0), acked(0, 0), missing).problems())
        .anySatisfy(p -> assertThat(p).contains("no log directory"));
  }
}
