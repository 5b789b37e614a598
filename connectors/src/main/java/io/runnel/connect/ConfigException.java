package io.runnel.connect;

/** A configuration value is missing or invalid; {@link #key()} names the configuration key. */
public class ConfigException extends ConnectException {
  private final String key;
  private final String reason;

  /** An invalid value of {@code key}; the message says what is wrong and what is expected. */
  public ConfigException(String key, String message) {
    super("invalid configuration '" + key + "': " + message);
    this.key = key;
    this.reason = message;
  }

  /** The configuration key whose value is wrong. */
  public String key() {
    return key;
  }

  /** What is wrong with the value, without the key (to name it under a prefix). */
  public String reason() {
    return reason;
  }
}
