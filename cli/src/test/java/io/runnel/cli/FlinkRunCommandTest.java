package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a person sees when flink-run cannot start: one line naming the class and what to do. */
class FlinkRunCommandTest {

  private static String errorOf(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute(args)).isEqualTo(1);
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anAppClassNotOnTheClassPathIsNamed() {
    assertThat(errorOf("flink-run", "--app", "com.example.NoSuchApp"))
        .startsWith("error: app class 'com.example.NoSuchApp' is not on the class path: add its jar");
  }

  @Test
  void anAppClassWithoutTopologyIsNamed() {
    assertThat(errorOf("flink-run", "--app", "java.lang.String"))
        .contains("app class 'java.lang.String' has no public static Topology topology() method");
  }
}
