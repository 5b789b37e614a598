/**
 * The connectors benchmark of issue 6 ({@link io.runnel.bench.connect.ConnectorsBench}, run by
 * {@code bench/connectors.sh}): file-source into an in-process log-server against a plain
 * kafka-clients producer sending the same lines, and jdbc-sink into PostgreSQL against a plain JDBC
 * batch insert of the same rows, each pair in the same run.
 *
 * <p>Single-threaded driver: the main thread prepares the input, runs one side at a time and polls
 * for its end; the connector runs on the worker's task thread.
 */
package io.runnel.bench.connect;
