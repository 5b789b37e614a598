package io.runnel.bench.groups;

import io.runnel.log.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Median and 99th percentile of {@code KafkaConsumer.commitSync} of one offset, on a cluster of
 * {@code nodes} in-process nodes on loopback ({@code __consumer_offsets} with min(3, nodes)
 * replicas, all in sync), after 500 unmeasured commits. Arguments: {@code nodes commits}.
 */
public final class CommitLatency {
  private static final int WARM_UP = 500;

  private CommitLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CommitLatency <nodes> <commits>");
      System.exit(2);
    }
    int nodes = Integer.parseInt(args[0]);
    int commits = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory("commit-latency");
    try (LocalCluster cluster = LocalCluster.start(nodes, dir, Map.of("group.initial.rebalance.delay.ms", "0",
        "offsets.topic.num.partitions", "3"))) {
      String bootstrap = cluster.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) nodes))).all().get();
      }
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("group.id", "bench");
      p.put("enable.auto.commit", "false");
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
          new StringDeserializer())) {
        TopicPartition tp = new TopicPartition("t", 0);
        consumer.assign(List.of(tp));
        for (int i = 0; i < WARM_UP; i++) {
          consumer.commitSync(Map.of(tp, new OffsetAndMetadata(i)));
        }
        long[] micros = new long[commits];
        for (int i = 0; i < commits; i++) {
          long start = System.nanoTime();
          consumer.commitSync(Map.of(tp, new OffsetAndMetadata(WARM_UP + i)));
          micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("nodes=%d commits=%d median=%d us p99=%d us%n", nodes, commits, micros[commits / 2],
            micros[commits * 99 / 100]);
      }
    }
  }
}
