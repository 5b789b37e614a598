package io.runnel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import picocli.CommandLine.Command;

/**
 * {@code runnel cluster status}: the nodes (live or fenced, through DescribeCluster with fenced
 * brokers), the metadata quorum (DescribeQuorum) and the partitions of every topic, internal ones
 * included, that are under-replicated (ISR smaller than the replicas) or offline (no leader).
 */
@Command(name = "cluster", description = "Look at a log-server cluster.", subcommands = ClusterCommand.Status.class)
final class ClusterCommand {

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
