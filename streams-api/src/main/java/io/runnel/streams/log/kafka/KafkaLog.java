package io.runnel.streams.log.kafka;

import io.runnel.streams.log.GroupMember;
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

  /** Prefix of the configuration keys passed to every consumer, without it. */
  public static final String CONSUMER_PREFIX = "consumer.";

  /** Prefix of the configuration keys passed to every producer, without it. */
  public static final String PRODUCER_PREFIX = "producer.";

  private final String bootstrapServers;
  private final Map<String, String> consumerOverrides;
  private final Map<String, String> producerOverrides;
  private final Admin admin;

  /** A log on the cluster at {@code bootstrapServers} ({@code host:port,...}). */
  public KafkaLog(String bootstrapServers) {
    this(bootstrapServers, Map.of());
  }

  /**
   * A log on the cluster at {@code bootstrapServers}; keys of {@code config} starting with {@value
   * #CONSUMER_PREFIX} or {@value #PRODUCER_PREFIX} go, without the prefix, to kafka-clients'
   * consumers or producers (for example {@code consumer.session.timeout.ms}).
   */
  public KafkaLog(String bootstrapServers, Map<String, String> config) {
    this.bootstrapServers = bootstrapServers;
    this.consumerOverrides = prefixed(config, CONSUMER_PREFIX);
    this.producerOverrides = prefixed(config, PRODUCER_PREFIX);
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  private static Map<String, String> prefixed(Map<String, String> config, String prefix) {
    Map<String, String> out = new HashMap<>();
    config.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            out.put(key.substring(prefix.length()), value);
          }
        });
    return Map.copyOf(out);
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
    return new KafkaLogProducer(bootstrapServers, producerOverrides);
  }

  @Override
  public LogConsumer newConsumer(String groupId, GroupMember member) {
    return new KafkaLogConsumer(bootstrapServers, groupId, member, consumerOverrides);
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
