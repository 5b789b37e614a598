package io.runnel.streams.log.kafka;

import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The {@code kafka} backend: kafka-clients' admin, producer and consumer against any Kafka-protocol
 * cluster (log-server or Apache Kafka).
 *
 * <p>Thread-safe (the admin client is).
 */
public final class KafkaLog implements Log {
  private static final long TIMEOUT_SECONDS = 30;

  private final String bootstrapServers;
  private final Map<String, String> consumerConfig;
  private final Admin admin;

  /** A log on the cluster at {@code bootstrapServers} ({@code host:port,...}). */
  public KafkaLog(String bootstrapServers) {
    this(bootstrapServers, Map.of());
  }

  /**
   * A log on the cluster at {@code bootstrapServers} whose consumers also get {@code
   * consumerConfig} (kafka-clients consumer keys, e.g. {@code session.timeout.ms}); the keys the
   * backend relies on (deserializers, auto commit, offset reset, assignor, group id) win over them.
   */
  public KafkaLog(String bootstrapServers, Map<String, String> consumerConfig) {
    this.bootstrapServers = bootstrapServers;
    this.consumerConfig = Map.copyOf(consumerConfig);
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  @Override
  public boolean createTopic(TopicSpec topic) {
    NewTopic newTopic =
        new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
            .configs(topic.configs());
    try {
      admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new LogException("cannot create topic '" + topic.name() + "': " + e.getCause(), e);
    } catch (InterruptedException | TimeoutException e) {
      throw interrupted("create topic '" + topic.name() + "'", e);
    }
  }

  @Override
  public Optional<TopicSpec> describeTopic(String name) {
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(name))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(name);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
      Config config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(resource);
      Map<String, String> configs = new HashMap<>();
      for (ConfigEntry entry : config.entries()) {
        if (!entry.isDefault() && entry.value() != null) {
          configs.put(entry.name(), entry.value());
        }
      }
      return Optional.of(new TopicSpec(name, description.partitions().size(), configs));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw new LogException("cannot describe topic '" + name + "': " + e.getCause(), e);
    } catch (InterruptedException | TimeoutException e) {
      throw interrupted("describe topic '" + name + "'", e);
    }
  }

  @Override
  public LogProducer newProducer() {
    return new KafkaLogProducer(bootstrapServers);
  }

  @Override
  public LogConsumer newConsumer(String groupId) {
    return new KafkaLogConsumer(bootstrapServers, groupId, consumerConfig);
  }

  @Override
  public void close() {
    admin.close();
  }

  private static LogException interrupted(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new LogException("cannot " + what + ": " + e, e);
  }
}
