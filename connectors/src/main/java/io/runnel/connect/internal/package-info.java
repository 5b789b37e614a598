/**
 * The connector runtime, no compatibility promise: the worker core both workers share ({@code
 * Worker}: plans connectors, runs tasks), task runners (one thread per task), the source offsets
 * store over a compacted topic, topic creation, plugin lookup, header conversion, the handling of
 * bad records ({@code errors.tolerance}, the dead-letter topic), and the distributed worker's
 * config and status topics ({@code ClusterStore}, {@code ClusterState}) and task slots ({@code
 * TaskSlots}).
 *
 * <p>Invariants: a source offset is stored only after the log acknowledged every record sent before
 * it; a sink offset is committed only after the task's flush returned and the dead-letter topic
 * acknowledged every bad record before it. Skipped and filtered records advance offsets like
 * written ones.
 */
package io.runnel.connect.internal;
