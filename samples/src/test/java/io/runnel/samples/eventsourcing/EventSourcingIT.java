package io.runnel.samples.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.samples.SampleHarness;
import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event-sourcing sample against a real log-server: every command becomes exactly one event
 * whose outcome follows from the account's history, and after a restart with the state directory
 * wiped the balances are rebuilt from the log (commands that depend on them are decided right).
 */
@SuppressWarnings("try") // a running sample is a resource the test body does not touch
class EventSourcingIT extends SampleHarness {

  private List<KeyValue<String, Command>> commands() {
    return readTopic(
        EventSourcingSample.COMMANDS_TOPIC, Serdes.string(), Serdes.json(Command.class));
  }

  private List<KeyValue<String, AccountEvent>> events() {
    return readTopic(
        EventSourcingSample.EVENTS_TOPIC, Serdes.string(), Serdes.json(AccountEvent.class));
  }

  /** Replays the events of each account in order, checking each against its command. */
  private static Map<String, Long> checkHistory(
      List<KeyValue<String, Command>> commands, List<KeyValue<String, AccountEvent>> events) {
    Map<String, Command> byId =
        commands.stream().map(KeyValue::value).collect(Collectors.toMap(Command::id, c -> c));
    assertThat(events.stream().map(e -> e.value().commandId()))
        .as("one event per command")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(byId.keySet());
    Map<String, Long> balances = new HashMap<>();
    for (KeyValue<String, AccountEvent> kv : events) {
      AccountEvent e = kv.value();
      Command c = byId.get(e.commandId());
      long before = balances.getOrDefault(kv.key(), 0L);
      assertThat(e.amountCents()).isEqualTo(c.amountCents());
      if (c.action().equals("deposit")) {
        assertThat(e.type()).as(c.id()).isEqualTo("deposited");
        assertThat(e.balanceCents()).as(c.id()).isEqualTo(before + c.amountCents());
      } else if (c.amountCents() <= before) {
        assertThat(e.type()).as(c.id()).isEqualTo("withdrawn");
        assertThat(e.balanceCents()).as(c.id()).isEqualTo(before - c.amountCents());
      } else {
        assertThat(e.type()).as(c.id()).isEqualTo("rejected");
        assertThat(e.reason()).as(c.id()).startsWith("insufficient funds");
        assertThat(e.balanceCents()).as(c.id()).isEqualTo(before);
      }
      balances.put(kv.key(), e.balanceCents());
    }
    return balances;
  }

  private void send(LogProducer producer, String account, Command command) {
    byte[] key = Serdes.string().serialize(account);
    producer.send(
        new TopicPartition(EventSourcingSample.COMMANDS_TOPIC, KeyPartitioner.partition(key, 2)),
        key,
        Serdes.json(Command.class).serialize(command),
        System.currentTimeMillis());
  }

  @Test
  void commandsBecomeEventsAndBalancesAreRebuiltFromTheLog() throws Exception {
    Map<String, Long> balances;
    try (AutoCloseable sample =
        new EventSourcingSample()
            .start(context(Map.of("commands", "40", "command.interval.ms", "10", "seed", "1")))) {
      await("40 events", () -> events().size() == 40);
      balances = checkHistory(commands(), events());
    }
    assertThat(events()).anyMatch(e -> e.value().type().equals("rejected"));
    assertThat(printed())
        .containsPattern(
            "(?m)^(alice|bob|carol|dave) +rejected +\\d+\\.\\d\\d"
                + "  REJECTED: insufficient funds: the balance is \\d+\\.\\d\\d$")
        .containsPattern(
            "(?m)^(alice|bob|carol|dave) +deposited +\\d+\\.\\d\\d  balance +\\d+\\.\\d\\d$");
    String rich =
        balances.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(balances.get(rich)).isPositive();

    // Lose the state directory: the restarted app rebuilds the balances from the changelog.
    try (Stream<Path> files = Files.walk(tmp.resolve("work").resolve("state"))) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    try (AutoCloseable sample = new EventSourcingSample().start(context(Map.of("commands", "0")))) {
      await(
          "the restarted app running",
          () -> printed().split("REBALANCING -> RUNNING", -1).length >= 3);
      assertThat(printed()).contains("bank app: rebuilt store 'balances' from ");
      List<Command> sent = new ArrayList<>();
      try (Log log = Log.open(Map.of(Log.BOOTSTRAP_SERVERS, server.bootstrapServers()));
          LogProducer producer = log.newProducer()) {
        // All of the richest account's money, then one cent more; a cent into each other account.
        Command all = new Command("all", "withdraw", balances.get(rich));
        Command oneMore = new Command("one-more", "withdraw", 1);
        send(producer, rich, all);
        send(producer, rich, oneMore);
        sent.add(all);
        sent.add(oneMore);
        for (String account : balances.keySet()) {
          if (!account.equals(rich)) {
            Command cent = new Command("cent-" + account, "deposit", 1);
            send(producer, account, cent);
            sent.add(cent);
          }
        }
        producer.flush();
      }
      await("40 + " + sent.size() + " events", () -> events().size() == 40 + sent.size());
      Map<String, AccountEvent> after =
          events().stream()
              .map(KeyValue::value)
              .collect(Collectors.toMap(AccountEvent::commandId, Function.identity()));
      assertThat(after.get("all").type()).isEqualTo("withdrawn");
      assertThat(after.get("all").balanceCents()).isZero();
      assertThat(after.get("one-more").type()).isEqualTo("rejected");
      assertThat(after.get("one-more").reason())
          .isEqualTo("insufficient funds: the balance is 0.00");
      for (String account : balances.keySet()) {
        if (!account.equals(rich)) {
          assertThat(after.get("cent-" + account).balanceCents())
              .as(account)
              .isEqualTo(balances.get(account) + 1);
        }
      }
      checkHistory(commands(), events());
    }
  }
}
