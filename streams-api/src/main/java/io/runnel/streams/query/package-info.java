/**
 * Interactive queries: read-only views of a running application's local state stores ({@link
 * io.runnel.streams.query.ReadOnlyKeyValueStore}, {@link io.runnel.streams.query.ReadOnlyWindowStore}
 * from {@code RunnelStreams.keyValueStore/windowStore}) across all its local tasks, and where the
 * other instances are ({@link io.runnel.streams.query.StreamsMetadata}, {@link
 * io.runnel.streams.query.KeyQueryMetadata}) so users' own RPC can ask the instance holding a key.
 *
 * <p>Invariant: a query never sees a task's stores while they are opened, restored or closed; it
 * gets a retriable {@link io.runnel.streams.query.InvalidStateStoreException} instead. Threading:
 * the views are thread-safe; each call briefly holds the query lock of each stream thread it reads.
 */
package io.runnel.streams.query;
