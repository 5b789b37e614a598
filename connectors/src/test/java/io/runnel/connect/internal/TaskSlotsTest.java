package io.runnel.connect.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskSlotsTest {
  /** The member of {@code members} a range assignment (the kafka backend's) gives {@code slot}. */
  private static int rangeOwner(int slot, int slots, int members) {
    int per = slots / members;
    int extra = slots % members;
    int member = 0;
    int start = 0;
    while (true) {
      int size = per + (member < extra ? 1 : 0);
      if (slot < start + size) {
        return member;
      }
      start += size;
      member++;
    }
  }

  @Test
  void consecutiveTasksLandOnDifferentWorkersOfARangeAssignment() {
    TaskSlots slots = new TaskSlots(64);
    for (int members : new int[] {2, 4, 8}) {
      for (int first = 0; first + members <= 32; first += members) {
        Set<Integer> owners = new HashSet<>();
        for (int t = first; t < first + members; t++) {
          owners.add(rangeOwner(slots.slot(t), 64, members));
        }
        assertThat(owners).as("owners of tasks %d.. among %d", first, members).hasSize(members);
      }
    }
  }

  @Test
  void consecutiveTasksAlternateBetweenTwoWorkersOfAModuloAssignment() {
    TaskSlots slots = new TaskSlots(64);
    for (int t = 0; t < 64; t++) {
      assertThat(slots.slot(t) % 2).as("parity of task %d's slot", t).isEqualTo(t % 2);
    }
  }

  @Test
  void theFirstHalfOfTheSlotsAreDistinctAndEverySlotIsInRange() {
    TaskSlots slots = new TaskSlots(64);
    Set<Integer> seen = new HashSet<>();
    for (int k = 0; k < 32; k++) {
      assertThat(seen.add(slots.slot(k))).as("slot of task %d is new", k).isTrue();
    }
    for (int k = 0; k < 1000; k++) {
      assertThat(slots.slot(k)).isBetween(0, 63);
    }
    assertThat(new TaskSlots(1).slot(5)).isZero();
    assertThat(new TaskSlots(2).slot(1)).isEqualTo(1);
  }

  @Test
  void slotCountMustBeAPowerOfTwo() {
    assertThatThrownBy(() -> new TaskSlots(48)).hasMessageContaining("power of two");
    assertThatThrownBy(() -> new TaskSlots(0)).hasMessageContaining("power of two");
  }
}
