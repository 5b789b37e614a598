package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;
import java.util.regex.Pattern;

/**
 * True for records whose topic matches {@code pattern} as a whole (short name {@code
 * topic-name-matches}).
 *
 * @param <R> the record type
 */
public final class TopicNameMatches<R extends ConnectRecord<R>> implements Predicate<R> {
  private static final ConfigDef CONFIG =
      new ConfigDef().required("pattern", ConfigDef.Type.STRING, "a Java regex of topic names");

  private Pattern pattern;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(ParsedConfig config) {
    pattern = RegexRouter.Patterns.compile("pattern", config.getString("pattern"));
  }

  @Override
  public boolean test(R record) {
    return pattern.matcher(record.topic()).matches();
  }
}
