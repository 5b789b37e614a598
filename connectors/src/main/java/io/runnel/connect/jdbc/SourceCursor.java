package io.runnel.connect.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.connect.Header;
import io.runnel.connect.SourceRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The position of jdbc-source in one table (or custom query), and the reading of the rows after it.
 *
 * <p><b>Positions and source offsets.</b> incrementing: {@code {"incrementing": id}};
 * timestamp+incrementing: {@code {"timestamp": ts, "incrementing": id}}; timestamp: {@code
 * {"timestamp": ts}}. A {@link Timestamp} (PostgreSQL) is stored as Kafka Connect does, {@code
 * "timestamp"} = epoch milliseconds and {@code "timestamp_nanos"} = its nanoseconds; other values
 * (SQLite's text or integer timestamps) as they are, so they compare with the column as read.
 *
 * <p><b>Equal timestamps in timestamp mode.</b> Each poll first reads again every row at the last
 * timestamp copied and sends those not sent yet (rows compared by their content, as a multiset):
 * the rest of a timestamp that a full batch cut, and a row inserted or updated later with that
 * same timestamp, are still seen. After a restart the rows at the stored timestamp are sent again
 * (at least once).
 *
 * <p>Not thread-safe: owned by one {@link JdbcSourceTask}.
 */
final class SourceCursor {
  static final String INCREMENTING = "incrementing";
  static final String TIMESTAMP = "timestamp";
  static final String TIMESTAMP_NANOS = "timestamp_nanos";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the cursor stands; {@code timestamp} null before the first row of a timestamp mode. */
  record Position(Object timestamp, long id, Map<String, Integer> sentAtTimestamp) {}

  private final SourceMode mode;
  private final SourceQuery query;
  private final Map<String, String> partition;
  private final String topic;
  private final List<String> timestampColumns;
  private final String incrementingColumn;
  private final long delayMs;
  private Position position;
  private long nextQueryAt;

  SourceCursor(
      SourceMode mode,
      SourceQuery query,
      Map<String, String> partition,
      String topic,
      List<String> timestampColumns,
      String incrementingColumn,
      long delayMs,
      Map<String, Object> storedOffset) {
    this.mode = mode;
    this.query = query;
    this.partition = Map.copyOf(partition);
    this.topic = topic;
    this.timestampColumns = List.copyOf(timestampColumns);
    this.incrementingColumn = incrementingColumn;
    this.delayMs = delayMs;
    this.position = fromOffset(storedOffset);
  }

  Map<String, String> partition() {
    return partition;
  }

  Position position() {
    return position;
  }

  /** Puts the cursor back where it stood (the records read since then are dropped). */
  void reset(Position to) {
    position = to;
  }

  long nextQueryAt() {
    return nextQueryAt;
  }

  void nextQueryAt(long at) {
    nextQueryAt = at;
  }

  private Position fromOffset(Map<String, Object> offset) {
    if (offset == null) {
      return new Position(null, Long.MIN_VALUE, Map.of());
    }
    long id =
        offset.get(INCREMENTING) instanceof Number
            ? ((Number) offset.get(INCREMENTING)).longValue()
            : Long.MIN_VALUE;
    Object ts = offset.get(TIMESTAMP);
    if (ts instanceof Number && offset.get(TIMESTAMP_NANOS) instanceof Number) {
      Timestamp t = new Timestamp(((Number) ts).longValue());
      t.setNanos(((Number) offset.get(TIMESTAMP_NANOS)).intValue());
      ts = t;
    } else if (ts instanceof Double || ts instanceof Float) {
      ts = ((Number) ts).doubleValue();
    } else if (ts instanceof Number) {
      ts = ((Number) ts).longValue();
    }
    return new Position(ts, id, Map.of());
  }

  private Map<String, Object> offset(Object timestamp, long id) {
    Map<String, Object> offset = new HashMap<>();
    if (mode.incrementing()) {
      offset.put(INCREMENTING, id);
    }
    if (mode.timestamp()) {
      if (timestamp instanceof Timestamp) {
        offset.put(TIMESTAMP, ((Timestamp) timestamp).getTime());
        offset.put(TIMESTAMP_NANOS, ((Timestamp) timestamp).getNanos());
      } else {
        offset.put(TIMESTAMP, timestamp);
      }
    }
    return offset;
  }

  /**
   * Appends the records of the rows after the position to {@code out} and moves the position past
   * them.
   *
   * @return how many rows the main query returned: {@code batch.max.rows} means there may be more
   */
  int read(Connection connection, List<SourceRecord> out) throws SQLException {
    if (mode == SourceMode.TIMESTAMP && position.timestamp() != null) {
      List<Row> again = select(connection, query.atTimestamp(), position.timestamp());
      Map<String, Integer> alreadySent = new HashMap<>(position.sentAtTimestamp());
      Map<String, Integer> sent = new HashMap<>(position.sentAtTimestamp());
      for (Row row : again) {
        if (alreadySent.getOrDefault(row.content, 0) > 0) {
          alreadySent.merge(row.content, -1, Integer::sum);
        } else {
          emit(row, out);
          sent.merge(row.content, 1, Integer::sum);
        }
      }
      position = new Position(position.timestamp(), position.id(), sent);
    }
    boolean fromStart = mode.timestamp() && position.timestamp() == null;
    List<Row> rows = select(connection, query.next(fromStart), nextParameters());
    int found = rows.size();
    for (Row row : rows) {
      emit(row, out);
    }
    if (mode == SourceMode.TIMESTAMP && !rows.isEmpty()) {
      Object last = rows.get(rows.size() - 1).timestamp;
      Map<String, Integer> sent = new HashMap<>();
      for (Row row : rows) {
        if (row.timestamp.equals(last)) {
          sent.merge(row.content, 1, Integer::sum);
        }
      }
      position = new Position(last, position.id(), sent);
    }
    return found;
  }

  private Object[] nextParameters() {
    List<Object> parameters = new ArrayList<>();
    Object ts = position.timestamp();
    switch (mode) {
      case INCREMENTING:
        parameters.add(position.id());
        break;
      case TIMESTAMP:
        if (ts != null) {
          parameters.add(ts);
        }
        break;
      default:
        if (ts != null) {
          parameters.add(ts);
          parameters.add(ts);
          parameters.add(position.id());
        }
        break;
    }
    if (query.delayed()) {
      parameters.add(delayMs);
    }
    return parameters.toArray();
  }

  private void emit(Row row, List<SourceRecord> out) {
    long id = mode.incrementing() ? row.id : Long.MIN_VALUE;
    if (mode.incrementing()) {
      position = new Position(row.timestamp, id, Map.of());
    }
    out.add(
        new SourceRecord(
            partition,
            offset(row.timestamp, id),
            topic,
            mode.incrementing() ? id : null,
            row.value,
            row.headers,
            null));
  }

  /** One row read: its columns, its timestamp and id (as the mode needs), and its content key. */
  private static final class Row {
    Map<String, Object> value;
    Object timestamp;
    long id;
    String content;
    List<Header> headers;
  }

  private List<Row> select(Connection connection, String sql, Object... parameters)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        Map<String, String> types = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          types.put(meta.getColumnLabel(i), meta.getColumnTypeName(i));
        }
        List<Header> headers = List.of(new Header("schema", json(types)));
        while (result.next()) {
          Row row = new Row();
          row.value = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.value.put(meta.getColumnLabel(i), result.getObject(i));
          }
          row.headers = headers;
          if (mode.incrementing()) {
            row.id = result.getLong(incrementingColumn);
          }
          if (mode.timestamp()) {
            row.timestamp = timestampOf(result);
          }
          if (mode == SourceMode.TIMESTAMP) {
            row.content = json(row.value);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The first non-null timestamp column, as a value that binds back to compare equal. */
  private Object timestampOf(ResultSet result) throws SQLException {
    for (String column : timestampColumns) {
      Object value = result.getObject(column);
      if (value instanceof Timestamp) {
        return value;
      }
      if (value instanceof java.util.Date) {
        return new Timestamp(((java.util.Date) value).getTime());
      }
      if (value instanceof Integer || value instanceof Short) {
        return ((Number) value).longValue();
      }
      if (value != null) {
        return value;
      }
    }
    throw new SQLException(
        "a row of "
            + partition
            + " has no timestamp in "
            + timestampColumns
            + " although the query asked for one");
  }

  private static String json(Object value) throws SQLException {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write a row as JSON: " + e.getMessage(), e);
    }
  }
}
