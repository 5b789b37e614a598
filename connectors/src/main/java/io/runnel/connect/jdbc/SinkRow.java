package io.runnel.connect.jdbc;

import io.runnel.connect.ConnectException;
import io.runnel.connect.SinkRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record as a row: its table, its columns in order (key columns first) and their values.
 *
 * @param table the table
 * @param columns the column names
 * @param values the values, in column order
 * @param key the primary key columns (a prefix of {@code columns})
 */
record SinkRow(String table, List<String> columns, List<Object> values, List<String> key) {

  /**
   * The row of {@code record}.
   *
   * @throws ConnectException naming the topic, partition and offset if the record has no row shape
   */
  static SinkRow of(SinkRecord record, String tableFormat, String pkMode, List<String> pkFields) {
    Map<String, Object> row = new LinkedHashMap<>();
    List<String> key = new ArrayList<>();
    if (pkMode.equals("record_key")) {
      Object k = record.key();
      if (k instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) k).entrySet()) {
          String column = e.getKey().toString();
          if (pkFields.isEmpty() || pkFields.contains(column)) {
            row.put(column, e.getValue());
            key.add(column);
          }
        }
      } else if (k != null && pkFields.size() == 1) {
        row.put(pkFields.get(0), k);
        key.add(pkFields.get(0));
      } else {
        throw bad(
            record,
            "pk.mode=record_key needs a key that is a JSON object, or a plain key"
                + " and exactly one pk.fields column");
      }
    }
    Object value = record.value();
    if (!(value instanceof Map)) {
      throw bad(record, "its value is not a JSON object (use value.converter=json)");
    }
    if (pkMode.equals("record_value")) {
      for (String field : pkFields) {
        if (((Map<?, ?>) value).get(field) == null) {
          throw bad(record, "its value has no key field '" + field + "'");
        }
        key.add(field);
      }
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      row.putIfAbsent(e.getKey().toString(), e.getValue());
    }
    if (key.isEmpty() && !pkMode.equals("none")) {
      throw bad(record, "it has no key columns");
    }
    List<String> columns = new ArrayList<>(key);
    for (String column : row.keySet()) {
      if (!key.contains(column)) {
        columns.add(column);
      }
    }
    List<Object> values = new ArrayList<>();
    for (String column : columns) {
      values.add(row.get(column));
    }
    String table = tableFormat.replace("${topic}", record.topic());
    return new SinkRow(table, columns, values, key);
  }

  private static ConnectException bad(SinkRecord record, String why) {
    return new ConnectException(
        "cannot write record "
            + record.topic()
            + "-"
            + record.partition()
            + "@"
            + record.offset()
            + " as a row: "
            + why);
  }

  /** True if {@code other} goes to the same table with the same columns (one batch). */
  boolean sameShape(SinkRow other) {
    return table.equals(other.table) && columns.equals(other.columns);
  }
}
