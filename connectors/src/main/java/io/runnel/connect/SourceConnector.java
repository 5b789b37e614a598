package io.runnel.connect;

/** A connector whose tasks read from outside and write records to the log. */
public interface SourceConnector extends Connector {
  /** The task class, with a public no-argument constructor. */
  Class<? extends SourceTask> taskClass();
}
