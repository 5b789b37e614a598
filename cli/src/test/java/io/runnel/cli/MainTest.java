package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
  void anUnknownSubcommandFailsWithUsage() {
    assertThat(Main.execute("no-such-command")).isEqualTo(2);
  }
}
