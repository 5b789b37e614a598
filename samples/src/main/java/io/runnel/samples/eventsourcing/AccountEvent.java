package io.runnel.samples.eventsourcing;

/**
 * What happened to an account (the record's key) because of a command: the account's history.
 *
 * @param commandId the command that caused it
 * @param type {@code deposited}, {@code withdrawn} or {@code rejected}
 * @param amountCents the command's amount in cents
 * @param balanceCents the balance after the event (unchanged by a rejection)
 * @param reason why the command was rejected, or null
 */
public record AccountEvent(
    String commandId, String type, long amountCents, long balanceCents, String reason) {
  /** The type of a deposit that happened. */
  public static final String DEPOSITED = "deposited";

  /** The type of a withdrawal that happened. */
  public static final String WITHDRAWN = "withdrawn";

  /** The type of a command that was refused. */
  public static final String REJECTED = "rejected";
}
