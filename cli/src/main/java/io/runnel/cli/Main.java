package io.runnel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code bin/runnel}: dispatches to the subcommands. */
@Command(
    name = "runnel",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = VersionCommand.Provider.class,
    description = "Runnel: a Kafka-protocol log server, a streams DSL, connectors and a Flink bridge.",
    subcommands = {ServerCommand.class, TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class,
        ConnectCommand.class, ConnectDistributedCommand.class, SampleCommand.class, QuickstartCommand.class,
        FlinkRunCommand.class, ClusterCommand.class, ConfigReference.class, VersionCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // `runnel` with no subcommand: show what there is to run.
    spec.commandLine().usage(System.out);
  }

  /** Runs a command line and returns its exit code, for tests and for {@link #main}. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // A person reads this: one line saying what went wrong, not a stack trace.
      commandLine.getErr().println("error: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
