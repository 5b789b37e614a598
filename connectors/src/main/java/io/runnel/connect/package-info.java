/**
 * The connector API of Runnel, shaped like Kafka Connect's: {@link
 * io.runnel.connect.SourceConnector} and {@link io.runnel.connect.SourceTask} read from outside
 * into the log, {@link io.runnel.connect.SinkConnector} and {@link io.runnel.connect.SinkTask}
 * write from the log to outside; {@link io.runnel.connect.ConfigDef} validates configurations once
 * at start; {@link io.runnel.connect.Converter} turns keys and values into bytes; {@link
 * io.runnel.connect.StandaloneWorker} runs connectors in one process, {@link
 * io.runnel.connect.DistributedWorker} in a group of workers sharing tasks through the log; both
 * serve the REST API ({@link io.runnel.connect.ConnectCluster}, {@code io.runnel.connect.rest}).
 * {@link io.runnel.connect.ErrantRecordReporter} is how a sink task reports a record it cannot
 * write; the transforms are in {@code io.runnel.connect.transforms}.
 *
 * <p>Invariants: source offsets are stored in the log only after their records are acknowledged;
 * sink offsets are committed only after the task flushed. Tasks run one thread each.
 */
package io.runnel.connect;
