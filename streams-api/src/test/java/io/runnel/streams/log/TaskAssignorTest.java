package io.runnel.streams.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskAssignorTest {

  private static Map<String, Set<Integer>> claims(Object... memberAndTasks) {
    Map<String, Set<Integer>> out = new LinkedHashMap<>();
    for (int i = 0; i < memberAndTasks.length; i += 2) {
      @SuppressWarnings("unchecked")
      Set<Integer> tasks = (Set<Integer>) memberAndTasks[i + 1];
      out.put((String) memberAndTasks[i], tasks);
    }
    return out;
  }

  @Test
  void withoutClaimsTasksAreSpreadEvenlyInMemberOrder() {
    Map<String, Set<Integer>> out =
        TaskAssignor.assign(5, claims("a", Set.of(), "b", Set.of(), "c", Set.of()));
    assertThat(out.get("a")).containsExactly(0, 3);
    assertThat(out.get("b")).containsExactly(1, 4);
    assertThat(out.get("c")).containsExactly(2);
  }

  @Test
  void tasksStayWithTheMemberClaimingThem() {
    Map<String, Set<Integer>> out =
        TaskAssignor.assign(4, claims("a", Set.of(1, 3), "b", Set.of(0, 2)));
    assertThat(out.get("a")).containsExactly(1, 3);
    assertThat(out.get("b")).containsExactly(0, 2);
  }

  @Test
  void aMemberThatHeldEverythingGivesBackWhatAReturningMemberHasStateFor() {
    // a ran alone with all 4 tasks; b comes back with checkpoints of 1 and 3.
    Map<String, Set<Integer>> out =
        TaskAssignor.assign(4, claims("a", Set.of(0, 1, 2, 3), "b", Set.of(1, 3)));
    assertThat(out.get("a")).containsExactly(0, 2);
    assertThat(out.get("b")).containsExactly(1, 3);
  }

  @Test
  void aNewMemberGetsItsShareEvenIfOthersClaimEverything() {
    Map<String, Set<Integer>> out =
        TaskAssignor.assign(4, claims("a", Set.of(0, 1), "b", Set.of(2, 3), "c", Set.of()));
    assertThat(out.values()).allSatisfy(tasks -> assertThat(tasks.size()).isBetween(1, 2));
    assertThat(out.get("c")).hasSize(1);
  }

  @Test
  void everyTaskGoesToExactlyOneMemberAndCountsDifferByAtMostOne() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      int tasks = random.nextInt(20);
      int members = 1 + random.nextInt(6);
      Map<String, Set<Integer>> claims = new LinkedHashMap<>();
      for (int m = 0; m < members; m++) {
        Set<Integer> claimed = new HashSet<>();
        for (int t = 0; t < tasks + 2; t++) {
          if (random.nextInt(3) == 0) {
            claimed.add(t); // includes tasks that no longer exist
          }
        }
        claims.put("m" + m, claimed);
      }
      Map<String, Set<Integer>> out = TaskAssignor.assign(tasks, claims);
      Set<Integer> seen = new HashSet<>();
      int min = Integer.MAX_VALUE;
      int max = 0;
      for (Set<Integer> assigned : out.values()) {
        for (int t : assigned) {
          assertThat(seen.add(t)).as("round %d: task %d assigned twice", round, t).isTrue();
        }
        min = Math.min(min, assigned.size());
        max = Math.max(max, assigned.size());
      }
      assertThat(seen).as("round %d", round).hasSize(tasks);
      assertThat(max - min).as("round %d: balance %s", round, out).isLessThanOrEqualTo(1);
    }
  }
}
