/**
 * The connector runtime, no compatibility promise: task runners (one thread per task), the source
 * offsets store over a compacted topic, topic creation and plugin lookup.
 *
 * <p>Invariants: a source offset is stored only after the log acknowledged every record sent before
 * it; a sink offset is committed only after the task's flush returned.
 */
package io.runnel.connect.internal;
