package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single node's metadata through the one-peer quorum: restarts, snapshots and the move from topic files. */
class QuorumRestartIT {
  @TempDir
  Path dir;

  @Test
  void topicsOfTheOldTopicFilesMoveIntoTheQuorumOnce() throws Exception {
    UUID id = UUID.randomUUID();
    Path legacy = dir.resolve("__runnel_metadata").resolve("topics");
    Files.createDirectories(legacy);
    Files.writeString(legacy.resolve("old-orders.properties"),
        "id=" + id + "\npartitions=3\nconfig.retention.ms=123456\n");

    try (EmbeddedServer server = new EmbeddedServer(dir, Map.of()); Admin admin = server.admin()) {
      TopicDescription d = admin.describeTopics(List.of("old-orders")).allTopicNames().get().get("old-orders");
      assertThat(d.topicId()).isEqualTo(new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits()));
      assertThat(d.partitions()).hasSize(3);
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "old-orders");
      assertThat(admin.describeConfigs(List.of(r)).all().get().get(r).get("retention.ms").value()).isEqualTo("123456");
      assertThat(legacy).doesNotExist();
      assertThat(dir.resolve("__runnel_metadata").resolve("topics.migrated")).isDirectory();

      server.restart();
      try (Admin again = server.admin()) {
        assertThat(again.describeTopics(List.of("old-orders")).allTopicNames().get().get("old-orders").topicId())
            .isEqualTo(d.topicId());
      }
    }
  }

  @Test
  void aRestartFromASnapshotAloneKeepsTopicsAndData() throws Exception {
    Uuid ordersId;
    try (EmbeddedServer server = new EmbeddedServer(dir, Map.of())) {
      try (Admin admin = server.admin()) {
        admin.createTopics(List.of(new NewTopic("orders", 2, (short) 1), new NewTopic("gone", 1, (short) 1))).all().get();
        admin.deleteTopics(List.of("gone")).all().get();
        ordersId = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").topicId();
      }
      try (KafkaProducer<String, String> producer = server.producer(Map.of())) {
        producer.send(new ProducerRecord<>("orders", 1, "k", "v")).get();
      }
      assertThat(server.server.broker().quorum().takeSnapshot()).isPositive();
      server.server.close();

      // Remove the Raft log: what comes back must come from the snapshot.
      Path quorum = dir.resolve("__runnel_metadata").resolve("quorum");
      try (Stream<Path> files = Files.walk(quorum)) {
        List<Path> segments = files.filter(p -> p.getFileName().toString().startsWith("log_")).toList();
        assertThat(segments).isNotEmpty();
        for (Path p : segments) {
          Files.delete(p);
        }
      }
      server.start();
      try (Admin admin = server.admin()) {
        assertThat(admin.listTopics().names().get()).contains("orders").doesNotContain("gone");
        assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").topicId())
            .isEqualTo(ordersId);
      }
      try (var consumer = server.consumer(Map.of())) {
        consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("orders", 1)));
        consumer.seekToBeginning(consumer.assignment());
        var records = consumer.poll(java.time.Duration.ofSeconds(10));
        assertThat(records.count()).isEqualTo(1);
        assertThat(records.iterator().next().value()).isEqualTo("v");
      }
    }
  }
}
