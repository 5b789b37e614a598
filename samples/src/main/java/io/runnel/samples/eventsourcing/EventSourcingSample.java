package io.runnel.samples.eventsourcing;

import io.runnel.samples.Sample;
import io.runnel.samples.SampleContext;
import io.runnel.samples.support.SampleRun;
import io.runnel.samples.support.Topics;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Produced;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.processor.StoreBuilder;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Event sourcing: commands on bank accounts in topic {@code bank-commands} become events in topic
 * {@code bank-events}, the accounts' history. Withdrawals beyond the balance are rejected with a
 * reason. The balances live in the changelogged RocksDB store {@code balances}: an app restarted
 * without its state directory rebuilds them from the log before it decides anything.
 *
 * <p>Options: {@code commands} (how many commands to generate; default no limit, 0 for none),
 * {@code command.interval.ms} (700), {@code seed} (of the random commands; default random), {@code
 * partitions} (2).
 */
public final class EventSourcingSample implements Sample {
  /** The commands: key the account, value a {@link Command} as JSON. */
  public static final String COMMANDS_TOPIC = "bank-commands";

  /** The events: key the account, value an {@link AccountEvent} as JSON. */
  public static final String EVENTS_TOPIC = "bank-events";

  private static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "dave");

  @Override
  public String name() {
    return "event-sourcing";
  }

  @Override
  public String description() {
    return "account commands validated against a table of balances -> events; rebuilt after"
               + " restart";
  }

  /** The streams app: commands through {@link AccountProcessor} to events. */
  static Topology topology(PrintStream out) {
    Serde<String> s = Serdes.string();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(StoreBuilder.keyValueStore(AccountProcessor.BALANCES, s, Serdes.longs()));
    builder.stream(COMMANDS_TOPIC, Consumed.with(s, Serdes.json(Command.class)))
        .process(AccountProcessor::new, AccountProcessor.BALANCES)
        .peek((account, event) -> out.println(describe(account, event)))
        .to(EVENTS_TOPIC, Produced.with(s, Serdes.json(AccountEvent.class)));
    return builder.build();
  }

  /** One line per event, e.g. {@code bob withdrawn 20.00 balance 35.50}. */
  static String describe(String account, AccountEvent e) {
    String line =
        String.format(
            Locale.ROOT,
            "%-6s %-10s %9s",
            account,
            e.type(),
            AccountProcessor.money(e.amountCents()));
    if (AccountEvent.REJECTED.equals(e.type())) {
      return line + "  REJECTED: " + e.reason();
    }
    return line + "  balance " + String.format("%9s", AccountProcessor.money(e.balanceCents()));
  }

  @Override
  public AutoCloseable start(SampleContext context) throws Exception {
    PrintStream out = context.out();
    long commands = SampleRun.longAtLeast(context.options(), "commands", Long.MAX_VALUE, 0);
    long intervalMs = SampleRun.positiveLong(context.options(), "command.interval.ms", 700);
    int partitions = Topics.partitions(context.options(), 2);
    long seed = SampleRun.longAtLeast(context.options(), "seed", System.nanoTime(), Long.MIN_VALUE);

    SampleRun run = new SampleRun(name(), out);
    try {
      Log log = run.add(Log.open(Map.of(Log.BOOTSTRAP_SERVERS, context.bootstrapServers())));
      partitions = Topics.create(log, partitions, COMMANDS_TOPIC, EVENTS_TOPIC);

      RunnelStreams app =
          new RunnelStreams(
              topology(out),
              Map.of(
                  "application.id",
                  "event-sourcing",
                  "bootstrap.servers",
                  context.bootstrapServers(),
                  "state.dir",
                  context.workDir().resolve("state").toString(),
                  "commit.interval.ms",
                  "1000"));
      app.setStateListener((now, before) -> out.println("bank app: " + before + " -> " + now));
      app.setRestoreListener(
          new RestoreListener() {
            @Override
            public void onRestoreEnd(RestoreProgress progress) {
              if (progress.restored() > 0) {
                out.println(
                    "bank app: rebuilt store '"
                        + progress.storeName()
                        + "' from "
                        + progress.restored()
                        + " records of its changelog");
              }
            }
          });
      run.add(app);
      app.start();

      if (commands > 0) {
        CommandGenerator generator =
            new CommandGenerator(run.add(log.newProducer()), partitions, seed);
        out.println(
            "sending "
                + (commands == Long.MAX_VALUE ? "commands" : commands + " commands")
                + " to '"
                + COMMANDS_TOPIC
                + "', one every "
                + intervalMs
                + " ms");
        run.every(
            intervalMs,
            "sending commands",
            () -> {
              if (generator.sent < commands) {
                generator.send();
              }
            });
      }
      return run;
    } catch (RuntimeException e) {
      throw run.abort(e);
    }
  }

  /**
   * Sends a random deposit or withdrawal for a random account; withdrawals are large enough that
   * some are rejected. Used from the jobs thread only.
   */
  private static final class CommandGenerator {
    final LogProducer producer;
    final int partitions;
    final Random random;
    final String run = Long.toString(System.currentTimeMillis(), 36);
    long sent;

    CommandGenerator(LogProducer producer, int partitions, long seed) {
      this.producer = producer;
      this.partitions = partitions;
      this.random = new Random(seed);
    }

    void send() {
      String account = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
      boolean deposit = random.nextInt(10) < 6;
      long amount = deposit ? 1_000 + random.nextInt(19_000) : 2_000 + random.nextInt(28_000);
      Command command =
          new Command(
              "cmd-" + run + "-" + (++sent), deposit ? Command.DEPOSIT : Command.WITHDRAW, amount);
      byte[] key = Serdes.string().serialize(account);
      producer.send(
          new TopicPartition(COMMANDS_TOPIC, KeyPartitioner.partition(key, partitions)),
          key,
          Serdes.json(Command.class).serialize(command),
          System.currentTimeMillis());
      producer.flush();
    }
  }
}
