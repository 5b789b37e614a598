package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Windowed stream-stream joins (inner, left, outer) through the TestDriver: matches within the time
 * difference in either order, out-of-order records within grace, late records dropped and counted,
 * and unmatched records of left and outer joins emitted once their window closes.
 */
class StreamStreamJoinTest {
  private static final Serde<String> S = Serdes.string();
  private static final JoinWindows FIVE_SECONDS_GRACE_TWO =
      JoinWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(5), Duration.ofSeconds(2));

  /** Joined key, value and timestamp, as "key:value@timestamp". */
  private static List<String> run(String type, List<Object[]> input, long expectedDropped) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> left = builder.stream("left", Consumed.with(S, S));
    KStream<String, String> right = builder.stream("right", Consumed.with(S, S));
    ValueJoiner<String, String, String> joiner = (l, r) -> l + "+" + r;
    StreamJoined<String, String, String> joined = StreamJoined.with(S, S, S).withName("j");
    KStream<String, String> result;
    if (type.equals("inner")) {
      result = left.join(right, joiner, FIVE_SECONDS_GRACE_TWO, joined);
    } else if (type.equals("left")) {
      result = left.leftJoin(right, joiner, FIVE_SECONDS_GRACE_TWO, joined);
    } else {
      result = left.outerJoin(right, joiner, FIVE_SECONDS_GRACE_TWO, joined);
    }
    result.to("out", Produced.with(S, S));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      for (Object[] record : input) {
        driver
            .inputTopic((String) record[0], S, S)
            .pipeInput((String) record[1], (String) record[2], (Long) record[3]);
      }
      assertThat(driver.metrics()).containsEntry("dropped-records-total", expectedDropped);
      List<String> out = new ArrayList<>();
      for (TestRecord<String, String> r : driver.outputTopic("out", S, S).readRecords()) {
        out.add(r.key() + ":" + r.value() + "@" + r.timestamp());
      }
      return out;
    }
  }

  private static Object[] rec(String topic, String key, String value, long timestamp) {
    return new Object[] {topic, key, value, timestamp};
  }

  private static final List<Object[]> SCENARIO =
      List.of(
          rec("left", "a", "l1", 1_000),
          rec("right", "a", "r1", 4_000), // 3s apart: joins l1
          rec("right", "a", "r2", 12_000),
          rec("left", "a", "l2", 8_000), // out of order within grace: joins r1 and r2
          rec("left", "b", "l3", 13_000), // never matched
          rec("right", "c", "r3", 30_000), // closes l3's wait (13s + 2 * 5s + 2s < 30s)
          rec("left", "a", "l4", 14_000), // late: 14s + 5s + 2s < 30s
          rec("left", "d", "l5", 50_000)); // closes r3's wait

  @Test
  void innerJoinEmitsOnlyMatches() {
    assertThat(run("inner", SCENARIO, 1))
        .containsExactly("a:l1+r1@4000", "a:l2+r1@8000", "a:l2+r2@12000");
  }

  @Test
  void leftJoinEmitsUnmatchedLeftRecordsWhenTheirWindowCloses() {
    assertThat(run("left", SCENARIO, 1))
        .containsExactly("a:l1+r1@4000", "a:l2+r1@8000", "a:l2+r2@12000", "b:l3+null@13000");
  }

  @Test
  void outerJoinEmitsUnmatchedRecordsOfBothSidesWhenTheirWindowCloses() {
    assertThat(run("outer", SCENARIO, 1))
        .containsExactly(
            "a:l1+r1@4000", "a:l2+r1@8000", "a:l2+r2@12000", "b:l3+null@13000", "c:null+r3@30000");
  }

  @Test
  void recordsExactlyTheTimeDifferenceApartJoinAndDuplicatesAllJoin() {
    List<Object[]> input =
        List.of(
            rec("left", "k", "x", 10_000),
            rec("left", "k", "y", 10_000),
            rec("right", "k", "z", 15_000),
            rec("right", "k", "far", 15_001));
    assertThat(run("inner", input, 0)).containsExactly("k:x+z@15000", "k:y+z@15000");
  }

  @Test
  void joinWindowsRejectNegativeDurations() {
    assertThatThrownBy(
            () -> JoinWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time difference");
  }
}
