/**
 * The JDBC connectors, for SQLite and PostgreSQL through HikariCP: {@code jdbc-sink} ({@link
 * io.runnel.connect.jdbc.JdbcSinkConnector}: insert or upsert, auto-create, one transaction per
 * batch) and {@code jdbc-source} ({@link io.runnel.connect.jdbc.JdbcSourceConnector}: tables or a query, modes
 * incrementing, timestamp and timestamp+incrementing, a position per table in the offsets topic).
 *
 * <p>Each task owns its pool and is driven by one worker thread; none of these classes is
 * thread-safe.
 */
package io.runnel.connect.jdbc;
