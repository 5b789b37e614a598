package io.runnel.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runnel topics create|list|describe|delete}, through the Kafka AdminClient. */
@Command(name = "topics", description = "Create, list, describe and delete topics.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class, TopicsCommand.Describe.class,
        TopicsCommand.Delete.class})
final class TopicsCommand {

  /** Runs an admin action, turning a Kafka error into one line naming what failed. */
  abstract static class AdminAction implements Callable<Integer> {
    @Mixin ClientOptions client;

    abstract void run(Admin admin) throws Exception;

    @Override
    public Integer call() throws Exception {
      var props = client.properties();
      props.put("request.timeout.ms", "15000");
      props.put("default.api.timeout.ms", "20000");
      try (Admin admin = Admin.create(props)) {
        run(admin);
        return 0;
      } catch (ExecutionException e) {
        System.err.println("error: " + e.getCause().getMessage());
        return 1;
      }
    }
  }

  @Command(name = "create", description = "Create a topic.")
  static final class Create extends AdminAction {
    @Parameters(paramLabel = "TOPIC") String topic;

    @Option(names = "--partitions", defaultValue = "1", description = "Partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", description = "Replicas (default: the server's default.replication.factor).")
    Short replicationFactor;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A topic config, e.g. cleanup.policy=compact; repeatable.")
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    void run(Admin admin) throws Exception {
      NewTopic newTopic = new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.ofNullable(replicationFactor));
      admin.createTopics(List.of(newTopic.configs(configs))).all().get();
      System.out.println("created topic " + topic + " with " + partitions + " partition(s)");
    }
  }

  @Command(name = "list", description = "List the topics.")
  static final class ListTopics extends AdminAction {
    @Option(names = "--internal", description = "Include internal topics such as __consumer_offsets.")
    boolean internal;

    @Override
    void run(Admin admin) throws Exception {
      var options = new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(internal);
      new java.util.TreeSet<>(admin.listTopics(options).names().get()).forEach(System.out::println);
    }
  }

  @Command(name = "describe", description = "Describe topics: partitions, leaders and configs set on them.")
  static final class Describe extends AdminAction {
    @Parameters(paramLabel = "TOPIC", arity = "0..*", description = "Topics to describe (default: all).")
    List<String> topics = new ArrayList<>();

    @Override
    void run(Admin admin) throws Exception {
      Collection<String> names = topics.isEmpty() ? new java.util.TreeSet<>(admin.listTopics().names().get()) : topics;
      Map<String, TopicDescription> descriptions = new TreeMap<>(admin.describeTopics(names).allTopicNames().get());
      List<ConfigResource> resources = new ArrayList<>();
      names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
      for (TopicDescription d : descriptions.values()) {
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name()));
        List<String> explicit = new ArrayList<>();
        Optional.ofNullable(config).ifPresent(c -> c.entries().stream()
            .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
            .forEach(e -> explicit.add(e.name() + "=" + e.value())));
        System.out.printf("Topic: %s\tTopicId: %s\tPartitionCount: %d\tConfigs: %s%n", d.name(), d.topicId(),
            d.partitions().size(), String.join(",", explicit));
        d.partitions().forEach(p -> System.out.printf("\tPartition: %d\tLeader: %s\tReplicas: %s\tIsr: %s%n",
            p.partition(), p.leader() == null ? "none" : p.leader().id(), ids(p.replicas()), ids(p.isr())));
      }
    }

    private static String ids(List<org.apache.kafka.common.Node> nodes) {
      return String.join(",", nodes.stream().map(n -> Integer.toString(n.id())).toList());
    }
  }

  @Command(name = "delete", description = "Delete topics and their data.")
  static final class Delete extends AdminAction {
    @Parameters(paramLabel = "TOPIC", arity = "1..*") List<String> topics;

    @Override
    void run(Admin admin) throws Exception {
      admin.deleteTopics(topics).all().get();
      topics.forEach(t -> System.out.println("deleted topic " + t));
    }
  }
}
