package io.runnel.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code runnel cluster elect-leaders}: Kafka's preferred or unclean leader election, for every
 * partition or those of one topic. {@code runnel cluster status}: the nodes (live or fenced,
 * through DescribeCluster with fenced brokers), the metadata quorum (DescribeQuorum) and the
 * partitions of every topic, internal ones included, that are under-replicated (ISR smaller than
 * the replicas) or offline (no leader).
 */
@Command(name = "cluster", description = "Look at a log-server cluster and elect partition leaders.",
    subcommands = {ClusterCommand.Status.class, ClusterCommand.ElectLeaders.class})
final class ClusterCommand {

  /** Kafka's ElectLeaders, as {@code kafka-leader-election.sh} sends it. */
  @Command(name = "elect-leaders", description = "Elect partition leaders, as kafka-leader-election.sh does:"
      + " preferred (each partition led by its first replica again, if it is live and in sync) or unclean"
      + " (a partition without a leader led by a live replica that may lack records: what only the others had is"
      + " lost). Without --topic, every partition.")
  static final class ElectLeaders extends TopicsCommand.AdminAction {
    @Option(names = "--type", defaultValue = "preferred", description = "preferred or unclean (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--topic", description = "Only this topic's partitions.")
    String topic;

    @Option(names = "--partition", description = "Only this partition of --topic.")
    Integer partition;

    @Override
    void run(Admin admin) throws Exception {
      ElectionType election = switch (type.toLowerCase(Locale.ROOT)) {
        case "preferred" -> ElectionType.PREFERRED;
        case "unclean" -> ElectionType.UNCLEAN;
        default -> throw new ParameterException(new CommandLine(this), "--type must be preferred or unclean, not '"
            + type + "'");
      };
      if (partition != null && topic == null) {
        throw new ParameterException(new CommandLine(this), "--partition needs --topic");
      }
      Set<TopicPartition> partitions = null;
      if (topic != null) {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        partitions = new HashSet<>();
        for (TopicPartitionInfo p : d.partitions()) {
          if (partition == null || partition == p.partition()) {
            partitions.add(new TopicPartition(topic, p.partition()));
          }
        }
        if (partitions.isEmpty()) {
          throw new ParameterException(new CommandLine(this), "topic " + topic + " has no partition " + partition
              + " (it has " + d.partitions().size() + ")");
        }
      }
      Map<TopicPartition, Optional<Throwable>> results = admin.electLeaders(election, partitions).partitions().get();
      List<String> elected = new ArrayList<>();
      List<String> notNeeded = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      results.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().toString())).forEach(e -> {
        String tp = e.getKey().toString();
        Optional<Throwable> error = e.getValue();
        if (error.isEmpty()) {
          elected.add(tp);
        } else if (error.get() instanceof ElectionNotNeededException) {
          notNeeded.add(tp);
        } else {
          failed.add(tp + ": " + error.get().getMessage());
        }
      });
      String kind = election == ElectionType.PREFERRED ? "preferred" : "unclean";
      System.out.println(elected.isEmpty() ? "no " + kind + " leader elected"
          : kind + " leader elected for " + elected.size() + " partition(s): " + String.join(", ", elected));
      if (!notNeeded.isEmpty()) {
        System.out.println("already led as asked: " + String.join(", ", notNeeded));
      }
      failed.forEach(f -> System.out.println("not elected: " + f));
      if (!failed.isEmpty()) {
        throw new IllegalStateException(failed.size() + " partition(s) not elected");
      }
    }
  }

  @Command(name = "status", description = "The nodes (live or fenced), the metadata quorum leader and voters,"
      + " and the under-replicated and offline partitions, internal topics included.")
  static final class Status extends TopicsCommand.AdminAction {
    @Override
    void run(Admin admin) throws Exception {
      var cluster = admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true));
      List<Node> nodes = new ArrayList<>(cluster.nodes().get());
      nodes.sort((a, b) -> Integer.compare(a.id(), b.id()));
      Set<Integer> live = nodes.stream().filter(n -> !n.isFenced()).map(Node::id).collect(Collectors.toSet());
      System.out.println("cluster " + cluster.clusterId().get());
      System.out.println("nodes: " + nodes.size() + " (" + live.size() + " live, " + (nodes.size() - live.size())
          + " fenced)");
      for (Node n : nodes) {
        System.out.println("  node " + n.id() + " at " + n.host() + ":" + n.port()
            + (n.isFenced() ? " fenced" : " live"));
      }
      QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
      System.out.println("metadata quorum: leader node " + (quorum.leaderId() < 0 ? "none" : quorum.leaderId())
          + ", term " + quorum.leaderEpoch() + ", committed index " + quorum.highWatermark());
      for (QuorumInfo.ReplicaState v : quorum.voters()) {
        System.out.println("  voter " + v.replicaId() + (live.contains(v.replicaId()) ? "" : " (not a live broker)")
            + (v.logEndOffset() >= 0 ? ", committed index " + v.logEndOffset() : ""));
      }
      var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
      var topics = new TreeMap<>(admin.describeTopics(names).allTopicNames().get());
      List<String> underReplicated = new ArrayList<>();
      List<String> offline = new ArrayList<>();
      int offlineCount = 0;
      for (TopicDescription t : topics.values()) {
        List<String> down = new ArrayList<>();
        Set<Integer> onNodes = new java.util.TreeSet<>();
        for (TopicPartitionInfo p : t.partitions()) {
          if (p.leader() == null) {
            down.add(Integer.toString(p.partition()));
            p.replicas().forEach(n -> onNodes.add(n.id()));
          } else if (p.isr().size() < p.replicas().size()) {
            underReplicated.add(t.name() + "-" + p.partition() + " (replicas " + ids(p.replicas()) + ", in sync "
                + ids(p.isr()) + ")");
          }
        }
        if (!down.isEmpty()) {
          offlineCount += down.size();
          // One line per topic: __consumer_offsets alone has 50 partitions.
          offline.add(t.name() + ": partitions " + String.join(",", down) + " (replicas on nodes " + onNodes + ")");
        }
      }
      System.out.println("under-replicated partitions: " + underReplicated.size());
      underReplicated.forEach(s -> System.out.println("  " + s));
      System.out.println("offline partitions (no leader): " + offlineCount);
      offline.forEach(s -> System.out.println("  " + s));
    }

    private static String ids(List<Node> nodes) {
      return nodes.stream().map(n -> Integer.toString(n.id())).collect(Collectors.joining(",", "[", "]"));
    }
  }
}
