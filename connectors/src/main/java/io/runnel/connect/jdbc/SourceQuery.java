package io.runnel.connect.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SELECTs of jdbc-source for one table or custom query in one mode. The rows come from {@code
 * "<table>"} or, for a custom query, from {@code (<query>) AS "runnel_query"}, so the mode's WHERE
 * applies to the query's result columns whatever WHERE, JOIN or GROUP BY the query has. The
 * timestamp is the one column or {@code COALESCE(c1, c2, ...)}.
 *
 * <table>
 *   <caption>The next rows after a position (? are parameters, in this order)</caption>
 *   <tr><th>mode</th><th>WHERE</th><th>ORDER BY</th></tr>
 *   <tr><td>incrementing</td><td>{@code id > ?}</td><td>{@code id}</td></tr>
 *   <tr><td>timestamp</td><td>{@code ts > ?}</td><td>{@code ts}</td></tr>
 *   <tr><td>timestamp+incrementing</td><td>{@code ts > ? OR (ts = ? AND id > ?)}</td>
 *       <td>{@code ts, id}</td></tr>
 * </table>
 *
 * <p>Without a position the timestamp modes read every row with a non-null timestamp. With {@code
 * timestamp.delay.interval.ms}, {@code AND ts < <database now> - ?} is added last. Every query ends
 * with {@code LIMIT batch.max.rows}, except {@link #atTimestamp()}. Immutable and thread-safe.
 */
final class SourceQuery {
  private final SourceMode mode;
  private final String from;
  private final String timestamp;
  private final String id;
  private final String delayCondition;
  private final int limit;

  SourceQuery(
      SqlDialect dialect,
      SourceMode mode,
      String table,
      String query,
      List<String> timestampColumns,
      String incrementingColumn,
      long delayMs,
      int limit) {
    this.mode = mode;
    this.from = table != null ? SqlDialect.quote(table) : "(" + query + ") AS \"runnel_query\"";
    this.timestamp =
        timestampColumns.size() == 1
            ? SqlDialect.quote(timestampColumns.get(0))
            : timestampColumns.stream()
                .map(SqlDialect::quote)
                .collect(Collectors.joining(", ", "COALESCE(", ")"));
    this.id = SqlDialect.quote(incrementingColumn);
    this.delayCondition = delayMs > 0 ? dialect.olderThanMillis(timestamp) : null;
    this.limit = limit;
  }

  /** True if {@link #next} ends with the delay parameter. */
  boolean delayed() {
    return delayCondition != null;
  }

  /**
   * The next rows in the mode's order.
   *
   * @param fromStart true if there is no position yet (timestamp modes only: no lower bound)
   */
  String next(boolean fromStart) {
    String where;
    String order;
    switch (mode) {
      case INCREMENTING:
        where = id + " > ?";
        order = id;
        break;
      case TIMESTAMP:
        where = fromStart ? timestamp + " IS NOT NULL" : timestamp + " > ?";
        order = timestamp;
        break;
      default:
        where =
            fromStart
                ? timestamp + " IS NOT NULL"
                : "(" + timestamp + " > ? OR (" + timestamp + " = ? AND " + id + " > ?))";
        order = timestamp + ", " + id;
        break;
    }
    if (delayCondition != null) {
      where = where + " AND " + delayCondition;
    }
    return "SELECT * FROM " + from + " WHERE " + where + " ORDER BY " + order + " LIMIT " + limit;
  }

  /** Every row at one timestamp (one parameter), in no particular order. */
  String atTimestamp() {
    return "SELECT * FROM " + from + " WHERE " + timestamp + " = ?";
  }
}
