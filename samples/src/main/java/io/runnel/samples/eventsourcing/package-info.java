/**
 * The event-sourcing sample: commands (deposit, withdraw) on bank accounts are validated by {@link
 * io.runnel.samples.eventsourcing.AccountProcessor} against each account's balance in the store
 * {@code balances} and become events (deposited, withdrawn, or rejected with a reason) in the
 * account's event log. The store is changelogged, so a restarted app with its state directory wiped
 * rebuilds every balance from the log. {@link io.runnel.samples.eventsourcing.EventSourcingSample}
 * wires it up; the processor runs on the stream thread, the command generator on the sample's jobs
 * thread.
 */
package io.runnel.samples.eventsourcing;
