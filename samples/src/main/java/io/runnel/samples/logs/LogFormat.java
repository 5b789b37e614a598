package io.runnel.samples.logs;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two log formats the sample's services write, and their parser.
 *
 * <p>Access logs ({@code <service>-access.log}), nginx-style with the request time in seconds:
 *
 * <pre>
 * 10.1.4.17 - - [2026-11-25T11:40:01Z] "GET /search?q=lamp HTTP/1.1" 200 5123 "-" "Mozilla/5.0" rt=0.037
 * </pre>
 *
 * <p>Application logs ({@code <service>-app.log}):
 *
 * <pre>
 * 2026-11-25T11:40:01.123Z ERROR [payments] CardGateway - card declined order=1234
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class LogFormat {
  private static final Pattern ACCESS =
      Pattern.compile(
          "^\\S+ \\S+ \\S+ \\[([^\\]]+)] \"[^\"]*\" (\\d{3}) \\d+ \"[^\"]*\" \"[^\"]*\" rt=(\\d+\\.\\d+)$");
  private static final Pattern APP = Pattern.compile("^(\\S+) (TRACE|DEBUG|INFO|WARN|ERROR) .*$");

  private LogFormat() {}

  /** The service that writes {@code file}: the file name up to its first {@code -}. */
  public static String service(String file) {
    String name = Path.of(file).getFileName().toString();
    int dash = name.indexOf('-');
    return dash > 0 ? name.substring(0, dash) : name;
  }

  /** Whether {@code file} is an access log. */
  public static boolean isAccessLog(String file) {
    return Path.of(file).getFileName().toString().contains("-access.log");
  }

  /**
   * Parses one line of {@code file}.
   *
   * @return the event, or empty when the line is not in the file's format (the sample skips it)
   */
  public static Optional<LogEvent> parse(String file, String line) {
    if (file == null || line == null) {
      return Optional.empty();
    }
    String service = service(file);
    try {
      if (isAccessLog(file)) {
        Matcher m = ACCESS.matcher(line);
        if (!m.matches()) {
          return Optional.empty();
        }
        long latencyMs = Math.round(Double.parseDouble(m.group(3)) * 1000);
        return Optional.of(
            new LogEvent(
                service,
                Instant.parse(m.group(1)).toEpochMilli(),
                true,
                Integer.parseInt(m.group(2)),
                latencyMs,
                ""));
      }
      Matcher m = APP.matcher(line);
      if (!m.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new LogEvent(service, Instant.parse(m.group(1)).toEpochMilli(), false, 0, 0, m.group(2)));
    } catch (DateTimeParseException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The event time of a line: its own timestamp, or {@code fallback} (the record's log timestamp)
   * when the line does not parse.
   */
  public static long timestamp(String file, String line, long fallback) {
    return parse(file, line).map(LogEvent::timestamp).orElse(fallback);
  }
}
