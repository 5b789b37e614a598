package io.runnel.log;

import io.runnel.log.group.GroupCoordinator;
import io.runnel.log.protocol.Endpoint;
import io.runnel.log.protocol.GroupApis;
import io.runnel.log.protocol.KafkaServer;
import io.runnel.log.server.Broker;
import io.runnel.log.server.ProducerIdAllocator;
import io.runnel.log.server.ServerConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running log-server: the broker state (topics, partition logs, producer ids, consumer groups)
 * behind a Kafka-protocol listener. {@code LogServer.start(config)} is all an embedding test or
 * sample needs; {@link #port()} is the bound port (listeners with port 0 pick a free one).
 *
 * <p>{@link #close()} first hands the leadership of this node's partitions to other in-sync replicas
 * through the metadata quorum (Kafka's controlled shutdown, {@code controlled.shutdown.enable}), then
 * stops the listener, then flushes and checkpoints every log, so the next start recovers nothing.
 * Thread-safe.
 */
public final class LogServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogServer.class);

  private final Broker broker;
  private final GroupCoordinator groups;
  private final ScheduledExecutorService groupTimer;
  private final KafkaServer kafka;
  private volatile boolean closed;

  private LogServer(Broker broker, GroupCoordinator groups, ScheduledExecutorService groupTimer, KafkaServer kafka) {
    this.broker = broker;
    this.groups = groups;
    this.groupTimer = groupTimer;
    this.kafka = kafka;
  }

  /** Opens the data in {@code log.dirs} (recovering what needs it) and starts serving. */
  public static LogServer start(ServerConfig config) {
    Broker broker = Broker.open(config, InstantSource.system());
    ScheduledExecutorService groupTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "group-timer");
      t.setDaemon(true);
      return t;
    });
    GroupCoordinator groups = new GroupCoordinator(broker, InstantSource.system(), groupTimer);
    KafkaServer kafka = null;
    try {
      ProducerIdAllocator producerIds = ProducerIdAllocator.open(config.logDirs().get(0).resolve("__runnel_metadata"),
          broker::reserveProducerIds);
      // The coordinator replays __consumer_offsets before any client can ask it anything.
      groups.start();
      kafka = KafkaServer.start(broker, producerIds, registration ->
          GroupApis.register(registration.table(), groups, () -> {
            Endpoint e = registration.endpoint().get();
            return new ServerConfig.Listener(e.host(), e.port());
          }));
      // Clients learn this node's endpoint from the quorum: register the bound one, then keep the session.
      ServerConfig.Listener bound = config.advertisedListener(kafka.port());
      broker.quorum().registerAndHeartbeat(bound.host(), bound.port(), config.brokerHeartbeatIntervalMs());
      broker.logs().startBackgroundTasks(Duration.ofMillis(Math.max(1, config.flushSchedulerIntervalMs())),
          Duration.ofMillis(Math.max(1, config.retentionCheckIntervalMs())),
          Duration.ofMillis(Math.max(1, config.cleanerBackoffMs())));
      LogServer server = new LogServer(broker, groups, groupTimer, kafka);
      LOG.info("log-server node {} serving on {}:{} with data in {}", config.nodeId(), host(config), kafka.port(),
          config.logDirs());
      return server;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopGroups(groups, groupTimer);
      if (kafka != null) {
        kafka.close();
      }
      broker.close();
      throw new IllegalStateException("interrupted while starting the server", e);
    } catch (RuntimeException e) {
      // e.g. no metadata quorum to register with: unbind before giving up
      if (kafka != null) {
        kafka.close();
      }
      stopGroups(groups, groupTimer);
      broker.close();
      throw e;
    }
  }

  private static void stopGroups(GroupCoordinator groups, ScheduledExecutorService timer) {
    groups.close();
    timer.shutdownNow();
  }

  private static String host(ServerConfig config) {
    return config.listener().host();
  }

  /** The port the listener is bound to. */
  public int port() {
    return kafka.port();
  }

  public String host() {
    return host(broker.config());
  }

  /** {@code host:port}, as a client's bootstrap.servers. */
  public String bootstrapServers() {
    return host() + ":" + port();
  }

  public int nodeId() {
    return broker.nodeId();
  }

  public Broker broker() {
    return broker;
  }

  /**
   * Hands this node's leaderships over (bounded by {@code controlled.shutdown.timeout.ms}; see {@link
   * Broker#controlledShutdown}), stops serving, then flushes, checkpoints and closes every log.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // While the listener is still open: requests for the partitions that moved get NOT_LEADER_OR_FOLLOWER
    // (and parked acks=all produces are answered so), and clients go to the new leaders at once.
    broker.controlledShutdown();
    kafka.close();
    stopGroups(groups, groupTimer);
    broker.close();
    LOG.info("log-server node {} stopped cleanly", broker.nodeId());
  }
}
