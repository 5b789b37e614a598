/**
 * How flink-bridge translates a topology: {@link io.runnel.flink.internal.TopologyPlan} cuts the
 * node graph into stages (an entry — a source, a repartition source, an aggregation, a suppression,
 * a user processor, a table or a join — and the stateless nodes after it up to the next entry or
 * sink), {@link io.runnel.flink.internal.TableLinks} links tables to the joins that look them up
 * and re-grouped tables to their aggregations, {@link
 * io.runnel.flink.internal.JobBuilder} makes one Flink operator per stage and wires them with keyBy
 * on the serialized key, and {@link io.runnel.flink.internal.StageRunner} runs a stage's nodes
 * inside its operator, using the streams-api processors of stateless nodes unchanged. Keyed stages
 * keep their state (aggregates, windows, sessions, suppression buffers, user stores, the records
 * of stream-stream joins) in Flink keyed state; watermarks made of the native stream times ({@link
 * io.runnel.flink.internal.StreamTimeWatermarks}) tell suppressions when windows close and
 * stream-stream joins when a record can match nothing more.
 *
 * <p>Threading: every stage function is owned by one Flink task thread (one subtask).
 */
package io.runnel.flink.internal;
