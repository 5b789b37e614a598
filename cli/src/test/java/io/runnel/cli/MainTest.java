package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static String run(int expectedExit, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute(args)).isEqualTo(expectedExit);
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run(0, "--help")).contains("Usage: runnel").contains("version");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    assertThat(run(0, "version")).startsWith("runnel 0.").contains("java 1").doesNotContain("${");
  }

  @Test
  void helpListsTheConnectCommands() {
    assertThat(run(0, "--help")).contains("connect-distributed").contains("connect ");
    assertThat(run(0, "help", "connect-distributed")).contains("WORKER_PROPERTIES", "rest.port");
  }

  @Test
  void connectDistributedWithABadSettingSaysWhichKey(@TempDir Path dir) throws IOException {
    Path worker = dir.resolve("worker.properties");
    Files.writeString(worker, "log.backend=memory\ntask.slots=48\n");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute("connect-distributed", worker.toString())).isEqualTo(1);
      assertThat(Main.execute("connect-distributed", dir.resolve("missing").toString()))
          .isEqualTo(1);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: invalid configuration 'task.slots'")
        .contains("error: cannot read properties file " + dir.resolve("missing"));
  }

  @Test
  void anUnknownSubcommandFailsWithUsage() {
    assertThat(Main.execute("no-such-command")).isEqualTo(2);
  }
}
