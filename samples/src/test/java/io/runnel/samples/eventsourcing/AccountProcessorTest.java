package io.runnel.samples.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.TestDriver;
import io.runnel.streams.TestOutputTopic;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bank's decisions, on the streams TestDriver (memory log, real runtime and stores). */
class AccountProcessorTest {

  @Test
  void decidesEachCommandAgainstTheBalanceSoFar() {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    try (TestDriver driver =
        new TestDriver(
            EventSourcingSample.topology(quiet),
            Map.of("application.id", "bank-test", "statestore.cache.max.bytes", "0"),
            2)) {
      var commands =
          driver.inputTopic(
              EventSourcingSample.COMMANDS_TOPIC, Serdes.string(), Serdes.json(Command.class));
      TestOutputTopic<String, AccountEvent> events =
          driver.outputTopic(
              EventSourcingSample.EVENTS_TOPIC, Serdes.string(), Serdes.json(AccountEvent.class));
      commands.pipeInput("ann", new Command("1", "withdraw", 500));
      commands.pipeInput("ann", new Command("2", "deposit", 1_000));
      commands.pipeInput("ann", new Command("3", "withdraw", 600));
      commands.pipeInput("ann", new Command("4", "withdraw", 600));
      commands.pipeInput("ann", new Command("5", "withdraw", 400));
      commands.pipeInput("ben", new Command("6", "deposit", -5));
      commands.pipeInput("ben", new Command("7", "borrow", 5));
      assertThat(events.readKeyValues().stream().map(KeyValue::value))
          .containsExactly(
              new AccountEvent("1", "rejected", 500, 0, "insufficient funds: the balance is 0.00"),
              new AccountEvent("2", "deposited", 1_000, 1_000, null),
              new AccountEvent("3", "withdrawn", 600, 400, null),
              new AccountEvent(
                  "4", "rejected", 600, 400, "insufficient funds: the balance is 4.00"),
              new AccountEvent("5", "withdrawn", 400, 0, null),
              new AccountEvent("6", "rejected", -5, 0, "the amount must be positive"),
              new AccountEvent("7", "rejected", 5, 0, "unknown action 'borrow'"));
    }
  }

  @Test
  void printsOneLinePerEvent() {
    assertThat(
            EventSourcingSample.describe(
                "bob", new AccountEvent("1", "withdrawn", 2_000, 3_550, null)))
        .isEqualTo("bob    withdrawn      20.00  balance     35.50");
    assertThat(
            EventSourcingSample.describe(
                "carol",
                new AccountEvent(
                    "2", "rejected", 10_000, 5, "insufficient funds: the balance is 0.05")))
        .isEqualTo(
            "carol  rejected      100.00  REJECTED: insufficient funds: the balance is 0.05");
  }
}
