package io.runnel.connect.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.runnel.connect.ConnectException;
import io.runnel.connect.ErrantRecordReporter;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.RetriableException;
import io.runnel.connect.SinkRecord;
import io.runnel.connect.SinkTask;
import io.runnel.connect.SinkTaskContext;
import io.runnel.streams.log.TopicPartition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task of {@link JdbcSinkConnector}. Each {@link #put} is one transaction: missing tables are
 * created, then consecutive rows of the same table and columns go in one JDBC batch; on any error
 * the transaction is rolled back and the task fails naming the table, unless the database could not
 * be reached: then a {@link RetriableException} makes the runtime repeat the put later. {@link
 * #flush} has nothing to do since {@link #put} commits.
 *
 * <p>Bad data: a record that is no row (its value is not a JSON object, it lacks its key fields) is
 * reported to the runtime's {@link ErrantRecordReporter}; a batch that the database rejects as bad
 * data (SQL state class 22 or 23, SQLite's constraint and type mismatch codes) is rolled back and
 * written again one row per transaction, and each row it rejects is reported. What the reporter
 * does follows the connector's {@code errors.tolerance}.
 *
 * <p>Not thread-safe: the worker calls it from the task's thread only.
 */
public final class JdbcSinkTask implements SinkTask {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HikariDataSource dataSource;
  private SqlDialect dialect;
  private boolean upsert;
  private String pkMode;
  private List<String> pkFields;
  private String tableFormat;
  private boolean autoCreate;
  private final Set<String> createdTables = new HashSet<>();
  private ErrantRecordReporter reporter;

  @Override
  public void initialize(SinkTaskContext context) {
    reporter = context.errantRecordReporter();
  }

  @Override
  public void start(Map<String, String> config) {
    ParsedConfig parsed = JdbcSinkConnector.CONFIG.parse(config);
    JdbcSinkConnector.check(parsed);
    dialect = SqlDialect.of(parsed.getString(JdbcConfig.URL));
    upsert = parsed.getString(JdbcSinkConnector.INSERT_MODE).equals("upsert");
    pkMode = parsed.getString(JdbcSinkConnector.PK_MODE);
    pkFields = parsed.getList(JdbcSinkConnector.PK_FIELDS);
    tableFormat = parsed.getString(JdbcSinkConnector.TABLE_NAME_FORMAT);
    autoCreate = parsed.getBoolean(JdbcSinkConnector.AUTO_CREATE);
    dataSource =
        JdbcConfig.open(parsed, "jdbc-sink-" + config.getOrDefault("name", "task"), !upsert);
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    List<SinkRow> rows = new ArrayList<>(records.size());
    List<SinkRecord> sources = new ArrayList<>(records.size());
    for (SinkRecord record : records) {
      if (record.value() != null) {
        try {
          rows.add(SinkRow.of(record, tableFormat, pkMode, pkFields));
          sources.add(record);
        } catch (ConnectException e) {
          if (reporter == null) {
            throw e;
          }
          reporter.report(record, e);
        }
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    try {
      write(rows);
    } catch (BadDataException e) {
      // Find the rows the database rejects: one transaction per row, the good ones committed.
      for (int i = 0; i < rows.size(); i++) {
        try {
          write(rows.subList(i, i + 1));
        } catch (BadDataException rejected) {
          reporter.report(sources.get(i), rejected.getCause());
        }
      }
    }
  }

  /** A batch the database rejected as bad data, rolled back. */
  private static final class BadDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadDataException(ConnectException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Writes {@code rows} in one transaction. */
  private void write(List<SinkRow> rows) {
    String table = rows.get(0).table();
    Set<String> created = new HashSet<>();
    try (Connection connection = dataSource.getConnection()) {
      try {
        int start = 0;
        while (start < rows.size()) {
          int end = start + 1;
          while (end < rows.size() && rows.get(end).sameShape(rows.get(start))) {
            end++;
          }
          table = rows.get(start).table();
          if (autoCreate && !createdTables.contains(table) && created.add(table)) {
            create(connection, rows.get(start));
          }
          writeBatch(connection, rows.subList(start, end));
          start = end;
        }
        connection.commit();
        createdTables.addAll(created);
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure); // a lost connection rolls back on the server anyway
        }
        throw e;
      }
    } catch (SQLException e) {
      if (JdbcConfig.retriable(e)) {
        throw new RetriableException(
            "cannot reach the database to write "
                + rows.size()
                + " rows to table '"
                + table
                + "': "
                + e.getMessage(),
            e);
      }
      ConnectException failure =
          new ConnectException(
              "cannot write "
                  + rows.size()
                  + " rows to table '"
                  + table
                  + "' (rolled back): "
                  + e.getMessage(),
              e);
      if (reporter != null && JdbcConfig.badData(e)) {
        throw new BadDataException(failure);
      }
      throw failure;
    }
  }

  private void create(Connection connection, SinkRow row) throws SQLException {
    List<String> types = new ArrayList<>();
    for (Object value : row.values()) {
      types.add(dialect.columnType(value));
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.createTable(row.table(), row.columns(), types, row.key()));
    }
  }

  private void writeBatch(Connection connection, List<SinkRow> rows) throws SQLException {
    SinkRow first = rows.get(0);
    String sql =
        upsert
            ? dialect.upsert(first.table(), first.columns(), first.key())
            : dialect.insert(first.table(), first.columns());
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (SinkRow row : rows) {
        for (int i = 0; i < row.values().size(); i++) {
          bind(statement, i + 1, row.values().get(i));
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void bind(PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof byte[]) {
      statement.setBytes(index, (byte[]) value);
    } else if (value instanceof BigInteger) {
      statement.setBigDecimal(index, new BigDecimal((BigInteger) value));
    } else if (value instanceof Map || value instanceof List) {
      try {
        statement.setString(index, JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new ConnectException("cannot write a nested value as JSON text", e);
      }
    } else if (value instanceof Number || value instanceof Boolean || value instanceof String) {
      statement.setObject(index, value);
    } else {
      statement.setString(index, value.toString());
    }
  }

  @Override
  public void flush(Map<TopicPartition, Long> offsets) {
    // put() commits its own transaction: everything put is durable already.
  }

  @Override
  public void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
