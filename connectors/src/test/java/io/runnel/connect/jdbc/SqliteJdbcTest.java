package io.runnel.connect.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC contract against SQLite, in a file database of the test's own. */
class SqliteJdbcTest extends JdbcConnectorContract {
  @TempDir Path dir;

  @Override
  protected String url() {
    return "jdbc:sqlite:" + dir.resolve("test.db");
  }
}
