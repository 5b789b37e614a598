/**
 * Runs a streams-api topology as an Apache Flink job: {@link io.runnel.flink.FlinkRunner} (run,
 * start, check), the running job's handle {@link io.runnel.flink.FlinkJob}, and {@link
 * io.runnel.flink.TopologySource}, how Flink's tasks get the topology (rebuilt from an app class,
 * or looked up in this JVM). Translation lives in {@code io.runnel.flink.internal}.
 */
package io.runnel.flink;
