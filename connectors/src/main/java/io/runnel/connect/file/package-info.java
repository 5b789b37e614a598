/**
 * The file connectors: {@code file-source} ({@link io.runnel.connect.file.FileSourceConnector})
 * tails files matching a glob through rotation and truncation, one record per line or per top-level
 * JSON object ({@code format=json}), resuming from the byte offset stored per file; {@code file-sink} ({@link
 * io.runnel.connect.file.FileSinkConnector}) appends record values to a file rolled by size.
 *
 * <p>Each task is driven by one thread of the worker; none of these classes is thread-safe.
 */
package io.runnel.connect.file;
