package io.runnel.log.group;

import java.util.Locale;
import java.util.Optional;

/**
 * The states of a classic group, with the names Kafka's tools show (DescribeGroups, ListGroups).
 *
 * <pre>
 *   Empty --join--> PreparingRebalance --all joined / rebalance timeout--> CompletingRebalance
 *     ^                 ^      |                                               |
 *     |  no member left |      +-- nobody left ---> Empty                      | leader's SyncGroup
 *     |                 +--- join, leave, expiry --------------------------+  v
 *     |                                                                    +- Stable
 *   any state --DeleteGroups (Empty only)--> Dead
 * </pre>
 */
public enum GroupState {
  EMPTY("Empty"),
  PREPARING_REBALANCE("PreparingRebalance"),
  COMPLETING_REBALANCE("CompletingRebalance"),
  STABLE("Stable"),
  DEAD("Dead");

  private final String displayName;

  GroupState(String displayName) {
    this.displayName = displayName;
  }

  /** The name a Kafka client sees, e.g. {@code PreparingRebalance}. */
  public String displayName() {
    return displayName;
  }

  /** The state named {@code name} (its display name, case-insensitive), if any. */
  public static Optional<GroupState> parse(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (GroupState s : values()) {
      if (s.displayName.toLowerCase(Locale.ROOT).equals(wanted)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
