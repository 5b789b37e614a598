package io.runnel.samples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a sample runs with.
 *
 * @param bootstrapServers the Kafka-protocol cluster (an embedded log-server or one the user named)
 * @param workDir the sample's own directory for state stores, input and output files; kept between
 *     runs so a restarted sample resumes
 * @param out where the sample reports what it does, for a person to read
 * @param options the sample's own options ({@code --option key=value} on the command line)
 */
public record SampleContext(
    String bootstrapServers, Path workDir, PrintStream out, Map<String, String> options) {

  public SampleContext {
    options = Map.copyOf(options);
  }

  /** The option {@code key}, or {@code defaultValue} when it was not given. */
  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }
}
