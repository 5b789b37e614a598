package io.runnel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code runnel version}: prints the Runnel version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the Runnel version and the Java runtime.")
final class VersionCommand implements Runnable {

  @Override
  public void run() {
    for (String line : Provider.lines()) {
      System.out.println(line);
    }
  }

  /** The version lines, shared by {@code runnel version} and {@code runnel --version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }

    static String[] lines() {
      return new String[] {
        "runnel " + runnelVersion(),
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
      };
    }

    static String runnelVersion() {
      try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Runnel version resource", e);
      }
    }
  }
}
