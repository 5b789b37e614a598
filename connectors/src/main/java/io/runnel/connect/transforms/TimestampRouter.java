package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Routes records to a topic named after their topic and timestamp (short name {@code
 * timestamp-router}): {@code topic.format} (default {@code ${topic}-${timestamp}}) with the
 * timestamp written by {@code timestamp.format} (default {@code yyyyMMdd}; {@link
 * DateTimeFormatter} patterns, in UTC). Source records are stamped with the time they are sent.
 *
 * @param <R> the record type
 */
public final class TimestampRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              "topic.format",
              ConfigDef.Type.STRING,
              "${topic}-${timestamp}",
              "the new topic; ${topic} and ${timestamp} are replaced")
          .define(
              "timestamp.format", ConfigDef.Type.STRING, "yyyyMMdd", "how ${timestamp} is written");

  private String topicFormat;
  private DateTimeFormatter timestampFormat;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(ParsedConfig config) {
    topicFormat = config.getString("topic.format");
    try {
      timestampFormat =
          DateTimeFormatter.ofPattern(config.getString("timestamp.format"))
              .withZone(ZoneOffset.UTC);
      timestampFormat.format(Instant.EPOCH);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new ConfigException("timestamp.format", "not a valid date pattern: " + e.getMessage());
    }
  }

  @Override
  public R apply(R record) {
    if (record.timestamp() == null) {
      throw new ConnectException(
          "TimestampRouter needs a timestamp; a record of topic '" + record.topic() + "' has none");
    }
    String timestamp = timestampFormat.format(Instant.ofEpochMilli(record.timestamp()));
    String topic =
        topicFormat.replace("${topic}", record.topic()).replace("${timestamp}", timestamp);
    return record.newRecord(
        topic, record.key(), record.value(), record.headers(), record.timestamp());
  }
}
