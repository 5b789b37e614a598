package io.runnel.samples.dataintegration;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The data-integration sample on a real PostgreSQL at {@code RUNNEL_PG_URL} (start one with {@code
 * scripts/postgres.sh}), in tables with a prefix of their own. Skipped, saying so, when that is
 * unset, unless {@code RUNNEL_REQUIRE_PG=1}: then it fails.
 */
class DataIntegrationPostgresIT extends DataIntegrationContract {
  private static final String URL = System.getenv("RUNNEL_PG_URL");
  private static final String SKIPPED =
      "RUNNEL_PG_URL is unset: the data-integration sample on PostgreSQL is SKIPPED"
          + " (export RUNNEL_PG_URL=\"$(scripts/postgres.sh)\" to run it)";

  private final String prefix = "sample" + Long.toHexString(System.nanoTime()) + "_";

  @BeforeAll
  static void requirePostgres() {
    if (URL == null || URL.isBlank()) {
      if ("1".equals(System.getenv("RUNNEL_REQUIRE_PG"))) {
        fail("RUNNEL_REQUIRE_PG=1 but RUNNEL_PG_URL is unset; run scripts/postgres.sh");
      }
      System.err.println("WARNING: " + SKIPPED);
    }
  }

  @BeforeEach
  void skipWithoutPostgres() {
    Assumptions.assumeTrue(URL != null && !URL.isBlank(), SKIPPED);
  }

  @Override
  protected String url() {
    return URL;
  }

  /**
   * The URL without its {@code user} parameter, which goes to option {@code jdbc.user} instead, so
   * that option is used too.
   */
  @Override
  protected Map<String, String> databaseOptions() {
    Matcher m = Pattern.compile("([?&])user=([^&]*)&?").matcher(URL);
    if (!m.find()) {
      return Map.of("jdbc.url", URL);
    }
    String url =
        (URL.substring(0, m.start()) + m.group(1) + URL.substring(m.end())).replaceAll("[?&]$", "");
    return Map.of("jdbc.url", url, "jdbc.user", m.group(2));
  }

  @Override
  protected String prefix() {
    return prefix;
  }
}
