package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka AdminClient against log-server: topics, partitions, configs, records, offsets. */
class AdminIT {
  @TempDir Path tmp;

  @Test
  void createsDescribesAltersAndDeletesTopics() throws Exception {
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of()); Admin admin = server.admin()) {
      admin.createTopics(List.of(new NewTopic("events", 4, (short) 1).configs(Map.of("retention.ms", "3600000")),
          new NewTopic("users", 2, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
      assertThat(admin.listTopics().names().get()).contains("events", "users");

      TopicDescription events = admin.describeTopics(List.of("events")).allTopicNames().get().get("events");
      assertThat(events.partitions()).hasSize(4);
      assertThat(events.partitions().get(0).leader().id()).isEqualTo(1);

      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "events");
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
      assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
      assertThat(config.get("segment.bytes").value()).isEqualTo("1073741824");
      assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

      admin.incrementalAlterConfigs(Map.of(resource, List.of(
          new AlterConfigOp(new ConfigEntry("segment.bytes", "1048576"), AlterConfigOp.OpType.SET),
          new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE)))).all().get();
      Config altered = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(altered.get("segment.bytes").value()).isEqualTo("1048576");
      assertThat(altered.get("retention.ms").value()).isEqualTo("604800000");
      assertThat(server.server.broker().log("events", 0).orElseThrow().config().segmentBytes()).isEqualTo(1048576);

      admin.createPartitions(Map.of("events", NewPartitions.increaseTo(6))).all().get();
      assertThat(admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions()).hasSize(6);

      admin.deleteTopics(List.of("users")).all().get();
      assertThat(admin.listTopics().names().get()).doesNotContain("users");
    }
  }

  @Test
  void badRequestsGetKafkasErrors() throws Exception {
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of()); Admin admin = server.admin()) {
      admin.createTopics(List.of(new NewTopic("once", 1, (short) 1))).all().get();
      assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("once", 1, (short) 1))).all().get())
          .hasCauseInstanceOf(TopicExistsException.class);
      assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad name!", 1, (short) 1))).all().get())
          .hasCauseInstanceOf(InvalidTopicException.class);
      assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad-config", 1, (short) 1)
          .configs(Map.of("retention.ms", "soon")))).all().get())
          .hasCauseInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("retention.ms");
      assertThatThrownBy(() -> admin.deleteTopics(List.of("never-was")).all().get())
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }
  }

  @Test
  void listOffsetsByTimestampSeekAndDeleteRecords() throws Exception {
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of());
        Admin admin = server.admin();
        KafkaProducer<String, String> producer = server.producer(Map.of());
        KafkaConsumer<String, String> consumer = server.consumer(Map.of())) {
      long t0 = 1_700_000_000_000L;
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>("timed", 0, t0 + i * 1000L, "k", "v" + i)).get();
      }
      TopicPartition tp = new TopicPartition("timed", 0);
      assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset()).isZero();
      assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset()).isEqualTo(100);
      assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(t0 + 42_500))).all().get().get(tp).offset())
          .isEqualTo(43);
      assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).all().get().get(tp).offset()).isEqualTo(99);

      OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, t0 + 70_000)).get(tp);
      assertThat(at.offset()).isEqualTo(70);
      consumer.assign(List.of(tp));
      consumer.seek(tp, at.offset());
      List<ConsumerRecord<String, String>> read = new ArrayList<>();
      while (read.size() < 30) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
      assertThat(read.get(0).value()).isEqualTo("v70");
      assertThat(read.get(0).timestamp()).isEqualTo(t0 + 70_000);

      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(60))).all().get();
      assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset()).isEqualTo(60);
      consumer.seekToBeginning(List.of(tp));
      assertThat(consumer.position(tp)).isEqualTo(60);
    }
  }
}
