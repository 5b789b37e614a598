package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Renames the topic of records whose topic matches {@code regex} as a whole (short name {@code
 * regex-router}) to {@code replacement}, where {@code $1}... name the regex's groups; other records
 * pass unchanged.
 *
 * @param <R> the record type
 */
public final class RegexRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final ConfigDef CONFIG =
      new ConfigDef()
          .required("regex", ConfigDef.Type.STRING, "a Java regex matching whole topic names")
          .required("replacement", ConfigDef.Type.STRING, "the new topic; $1... are groups");

  private Pattern regex;
  private String replacement;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(ParsedConfig config) {
    regex = Patterns.compile("regex", config.getString("regex"));
    replacement = config.getString("replacement");
    try {
      regex.matcher("").replaceFirst(replacement);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new ConfigException("replacement", "not a valid replacement: " + e.getMessage());
    }
  }

  @Override
  public R apply(R record) {
    Matcher matcher = regex.matcher(record.topic());
    if (!matcher.matches()) {
      return record;
    }
    return record.newRecord(
        matcher.replaceFirst(replacement),
        record.key(),
        record.value(),
        record.headers(),
        record.timestamp());
  }

  /** Compiles patterns of configuration keys. */
  static final class Patterns {
    private Patterns() {}

    static Pattern compile(String key, String regex) {
      try {
        return Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(key, "not a valid regex: " + e.getDescription());
      }
    }
  }
}
