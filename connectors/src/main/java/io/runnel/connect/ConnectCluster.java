package io.runnel.connect;

import java.util.List;
import java.util.Map;

/**
 * What a worker lets a person do with its connectors: the operations behind the REST API, shaped
 * like Kafka Connect's. {@link StandaloneWorker} runs them in its process (nothing is persisted);
 * {@link DistributedWorker} writes them to the config topic, so every worker of the group applies
 * them.
 *
 * <p>Implementations are thread-safe (REST requests arrive on several threads).
 */
public interface ConnectCluster {

  /** This worker's id, {@code host:port} of its REST API when it serves one. */
  String workerId();

  /** The names of the connectors, oldest first (distributed: by their latest configuration). */
  List<String> connectors();

  /**
   * A connector's configuration and task count.
   *
   * @throws NotFoundException if there is no such connector
   */
  ConnectorInfo connector(String name);

  /**
   * Creates a connector from a configuration holding at least {@code name} and {@code
   * connector.class}, and starts its tasks.
   *
   * @throws ConfigException naming the bad key; nothing is created then
   * @throws ConflictException if a connector of that name exists
   */
  ConnectorInfo create(Map<String, String> config);

  /**
   * Creates the connector {@code name} or replaces its configuration (its tasks restart with the
   * new one). The configuration's {@code name}, if set, must be {@code name}.
   *
   * @return the connector, and whether it was created
   * @throws ConfigException naming the bad key; nothing changes then
   */
  Update putConfig(String name, Map<String, String> config);

  /**
   * The state of a connector and of each of its tasks, with the worker that runs it and its last
   * error.
   *
   * @throws NotFoundException if there is no such connector
   */
  ConnectorStatus status(String name);

  /**
   * Stops the connector's tasks, which keep their offsets, until {@link #resume}.
   *
   * @throws NotFoundException if there is no such connector
   */
  void pause(String name);

  /**
   * Starts a paused connector's tasks again, from their offsets.
   *
   * @throws NotFoundException if there is no such connector
   */
  void resume(String name);

  /**
   * Stops and starts every task of the connector again (a failed task runs again).
   *
   * @throws NotFoundException if there is no such connector
   */
  void restart(String name);

  /**
   * Stops the connector's tasks and forgets the connector (its source offsets and sink group stay
   * in the log: a connector created again under that name resumes from them).
   *
   * @throws NotFoundException if there is no such connector
   */
  void delete(String name);

  /**
   * The outcome of {@link #putConfig}.
   *
   * @param info the connector as it is now
   * @param created true if it did not exist before
   */
  record Update(ConnectorInfo info, boolean created) {}
}
