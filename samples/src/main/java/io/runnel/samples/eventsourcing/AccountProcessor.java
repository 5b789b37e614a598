package io.runnel.samples.eventsourcing;

import io.runnel.state.KeyValueStore;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.Record;
import java.util.Locale;

/**
 * Decides each command against the account's balance and records the outcome: the new balance in
 * the store {@code balances} and an event downstream.
 *
 * <p>Reading and writing the balance happen in the same task as the command, one command at a time,
 * so two withdrawals in a row cannot both spend the same money (a stream-table join against a table
 * fed by the events would see the balance before the first one's event came back).
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class AccountProcessor implements Processor<String, Command, String, AccountEvent> {
  /** The store of balances in cents, by account. */
  static final String BALANCES = "balances";

  private ProcessorContext<String, AccountEvent> context;
  private KeyValueStore<String, Long> balances;

  @Override
  public void init(ProcessorContext<String, AccountEvent> context) {
    this.context = context;
    this.balances = context.getStateStore(BALANCES);
  }

  @Override
  public void process(Record<String, Command> record) {
    String account = record.key();
    Command command = record.value();
    if (account == null || command == null) {
      return; // nothing to decide about
    }
    Long stored = balances.get(account);
    long balance = stored == null ? 0 : stored;
    AccountEvent event = decide(command, balance);
    if (event.balanceCents() != balance) {
      balances.put(account, event.balanceCents());
    }
    context.forward(record.withValue(event));
  }

  /** The event {@code command} causes on an account holding {@code balance} cents. */
  static AccountEvent decide(Command command, long balance) {
    long amount = command.amountCents();
    if (amount <= 0) {
      return rejected(command, balance, "the amount must be positive");
    }
    if (Command.DEPOSIT.equals(command.action())) {
      return new AccountEvent(command.id(), AccountEvent.DEPOSITED, amount, balance + amount, null);
    }
    if (Command.WITHDRAW.equals(command.action())) {
      if (amount > balance) {
        return rejected(command, balance, "insufficient funds: the balance is " + money(balance));
      }
      return new AccountEvent(command.id(), AccountEvent.WITHDRAWN, amount, balance - amount, null);
    }
    return rejected(command, balance, "unknown action '" + command.action() + "'");
  }

  private static AccountEvent rejected(Command command, long balance, String reason) {
    return new AccountEvent(
        command.id(), AccountEvent.REJECTED, command.amountCents(), balance, reason);
  }

  /** Cents as money: {@code 12345} is {@code 123.45}. */
  static String money(long cents) {
    return String.format(Locale.ROOT, "%d.%02d", cents / 100, Math.abs(cents % 100));
  }
}
