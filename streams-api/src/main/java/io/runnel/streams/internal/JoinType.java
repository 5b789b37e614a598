package io.runnel.streams.internal;

/** Which unmatched records a join keeps. */
public enum JoinType {
  /** Only records with a match on both sides. */
  INNER,
  /** Every left record; the right side is null where nothing matches. */
  LEFT,
  /** Every record of either side; the missing side is null. */
  OUTER;

  /** Whether a result exists for this pair of values (either may be null). */
  public boolean emits(Object left, Object right) {
    switch (this) {
      case INNER:
        return left != null && right != null;
      case LEFT:
        return left != null;
      default:
        return left != null || right != null;
    }
  }
}
