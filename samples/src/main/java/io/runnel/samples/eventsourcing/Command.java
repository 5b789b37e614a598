package io.runnel.samples.eventsourcing;

/**
 * A request to change an account (the record's key), which may be rejected.
 *
 * @param id a unique id, repeated in the resulting event
 * @param action {@code deposit} or {@code withdraw}
 * @param amountCents the amount in cents, positive
 */
public record Command(String id, String action, long amountCents) {
  /** The action of a deposit. */
  public static final String DEPOSIT = "deposit";

  /** The action of a withdrawal. */
  public static final String WITHDRAW = "withdraw";
}
