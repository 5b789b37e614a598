/**
 * The JDBC connectors, for SQLite and PostgreSQL through HikariCP: {@code jdbc-sink} ({@link
 * io.runnel.connect.jdbc.JdbcSinkConnector}: insert or upsert, auto-create, one transaction per
 * batch) and {@code jdbc-source} ({@link io.runnel.connect.jdbc.JdbcSourceConnector}: incrementing
 * mode).
 *
 * <p>Each task owns its pool and is driven by one worker thread; none of these classes is
 * thread-safe.
 */
package io.runnel.connect.jdbc;
