package io.runnel.connect;

/**
 * A connector whose tasks read records from the topics named by the {@code topics} key and write
 * them outside.
 */
public interface SinkConnector extends Connector {
  /** The task class, with a public no-argument constructor. */
  Class<? extends SinkTask> taskClass();
}
