package io.runnel.log.protocol;

import io.runnel.log.cluster.PartitionState;
import io.runnel.log.server.Broker;
import io.runnel.log.server.Partition;
import io.runnel.log.storage.TopicPartition;
import java.util.HashMap;
import java.util.Map;

/**
 * This node's replica fetchers, one {@link ReplicaFetcher} thread per leader node it follows
 * partitions of, kept in step with the partitions' leaders: every hosted partition led by another
 * live node is followed from that node in the current leader epoch; a partition this node leads,
 * or one without a leader, is not followed.
 *
 * <p>Threading: {@link #sync} runs on the metadata apply thread (and once at start); it and {@link
 * #close} are serialized on this object.
 */
final class ReplicaFetchers implements AutoCloseable {
  private final Broker broker;
  private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
  private boolean closed;

  ReplicaFetchers(Broker broker) {
    this.broker = broker;
  }

  /** Follows every partition led elsewhere from its leader; stops following the others. */
  synchronized void sync() {
    if (closed) {
      return;
    }
    Map<TopicPartition, Integer> wanted = new HashMap<>();
    for (Partition p : broker.partitions()) {
      PartitionState s = p.state();
      if (s == null || !s.hasLeader() || s.leader() == broker.nodeId()) {
        continue;
      }
      wanted.put(p.topicPartition(), s.leader());
      fetchers.computeIfAbsent(s.leader(), id -> {
        ReplicaFetcher f = new ReplicaFetcher(broker, id);
        f.start();
        return f;
      }).follow(p, s.leaderEpoch());
    }
    for (Map.Entry<Integer, ReplicaFetcher> e : fetchers.entrySet()) {
      for (TopicPartition tp : java.util.List.copyOf(e.getValue().followed())) {
        Integer leader = wanted.get(tp);
        if (leader == null || leader.intValue() != e.getKey()) {
          e.getValue().unfollow(tp);
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    fetchers.values().forEach(ReplicaFetcher::close);
    fetchers.clear();
  }
}
