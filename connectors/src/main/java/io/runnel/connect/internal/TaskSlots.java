package io.runnel.connect.internal;

/**
 * Maps the tasks of a distributed worker group to the partitions of the task slots topic; the
 * group's membership decides which worker owns which slot, and a worker runs the tasks of the
 * slots it owns.
 *
 * <p>Every task of every connector has an index {@code k} (connectors ordered by the offset of
 * their latest configuration record, tasks by number), the same on every worker that read the
 * config topic to the same offset. Task {@code k} goes to slot {@code s(k mod n)} of {@code n}
 * slots, where {@code s(j)} is {@code j} with its bits reversed and its lowest bit replaced by the
 * lowest bit of {@code j}:
 *
 * <pre>
 *   k:     0    1       2     3        4     ...      (n = 64)
 *   slot:  0    33      16    49       8
 * </pre>
 *
 * Consecutive tasks thus land far apart (in different blocks of a range assignment, as the kafka
 * backend makes) and on alternating parities (different members of a modulo assignment, as the
 * memory backend makes), so a few tasks spread over a few workers. The first {@code n/2} tasks
 * get distinct slots; later ones may share a slot (and then a worker).
 *
 * <p>Stateless and thread-safe.
 */
public final class TaskSlots {
  private final int slots;
  private final int bits;

  /**
   * Slots numbered {@code 0..slots-1}.
   *
   * @throws IllegalArgumentException unless {@code slots} is a power of two
   */
  public TaskSlots(int slots) {
    if (slots < 1 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two, got " + slots);
    }
    this.slots = slots;
    this.bits = Integer.numberOfTrailingZeros(slots);
  }

  /** The number of slots. */
  public int count() {
    return slots;
  }

  /** The slot of the task with global index {@code k}. */
  public int slot(int k) {
    int j = Math.floorMod(k, slots);
    if (bits == 0) {
      return 0;
    }
    int reversed = Integer.reverse(j) >>> (32 - bits);
    return (reversed & ~1) | (j & 1);
  }
}
