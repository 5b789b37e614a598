package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input from a raw socket: oversized, truncated, garbage and mutated frames, unknown APIs and
 * versions, corrupt batches and invalid topic names. Each gets Kafka's error code or a closed
 * connection, and the server goes on serving everyone else.
 */
class BadInputIT {
  @TempDir static Path tmp;
  static EmbeddedServer server;

  @BeforeAll
  static void start() {
    // Auto-creation is off: mutated topic names would otherwise create real topics (each a directory
    // and an open file) by the thousand. The fuzz is about parsing garbage, not about quotas.
    server = new EmbeddedServer(tmp, Map.of("socket.request.max.bytes", "1048576", "auto.create.topics.enable", "false"));
    for (String topic : List.of("fuzz", "corrupt", "after-fuzz")) {
      server.server.broker().createTopic(topic, 1, Map.of());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertServerStillServes() throws Exception {
    try (RawConnection raw = new RawConnection(server.server.port())) {
      raw.send(RawConnection.frame(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData().setClientSoftwareName("x")
          .setClientSoftwareVersion("1"), 77));
      ApiVersionsResponseData data = RawConnection.body(raw.receive(), (short) 0, a -> new ApiVersionsResponseData(a, (short) 3));
      assertThat(data.errorCode()).isEqualTo(Errors.NONE.code());
    }
  }

  @Test
  void anOversizedFrameClosesOnlyThatConnection() throws Exception {
    try (RawConnection raw = new RawConnection(server.server.port()); RawConnection bystander = new RawConnection(server.server.port())) {
      raw.send(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array());
      assertThat(raw.closedByServer()).isTrue();
      bystander.send(RawConnection.frame(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(null), 1));
      assertThat(bystander.receive().getInt()).isEqualTo(1);
    }
    try (RawConnection negative = new RawConnection(server.server.port())) {
      negative.send(ByteBuffer.allocate(4).putInt(-5).array());
      assertThat(negative.closedByServer()).isTrue();
    }
    assertServerStillServes();
  }

  @Test
  void unknownApisAndVersionsCloseTheConnection() throws Exception {
    try (RawConnection raw = new RawConnection(server.server.port())) {
      raw.send(ByteBuffer.allocate(16).putInt(10).putShort((short) 999).putShort((short) 0).putInt(5)
          .putShort((short) -1).flip());
      assertThat(raw.closedByServer()).isTrue();
    }
    try (RawConnection raw = new RawConnection(server.server.port())) {
      // Produce v2 is advertised (as Kafka does) but not accepted.
      raw.send(ByteBuffer.allocate(16).putInt(10).putShort(ApiKeys.PRODUCE.id).putShort((short) 2).putInt(5)
          .putShort((short) -1).flip());
      assertThat(raw.closedByServer()).isTrue();
    }
    assertServerStillServes();
  }

  @Test
  void anApiVersionsRequestTooNewGetsTheKip511Answer() throws Exception {
    try (RawConnection raw = new RawConnection(server.server.port())) {
      raw.send(ByteBuffer.allocate(16).putInt(10).putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(42)
          .putShort((short) -1).flip());
      ByteBuffer response = raw.receive();
      assertThat(response.getInt(0)).isEqualTo(42);
      ApiVersionsResponseData data = RawConnection.body(response, (short) 0, a -> new ApiVersionsResponseData(a, (short) 0));
      assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
      assertThat(data.apiKeys().find(ApiKeys.PRODUCE.id).minVersion()).isEqualTo((short) 0);
      assertThat(data.apiKeys().find(ApiKeys.PRODUCE.id).maxVersion()).isGreaterThanOrEqualTo((short) 9);
    }
  }

  @Test
  void aCorruptBatchIsAnsweredWithCorruptMessageAndNothingIsStored() throws Exception {
    MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()));
    ByteBuffer damaged = records.buffer().duplicate();
    damaged.put(damaged.limit() - 1, (byte) 0x55);
    ProduceRequestData produce = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
    ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
    topics.add(new ProduceRequestData.TopicProduceData().setName("corrupt").setPartitionData(List.of(
        new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords.readableRecords(damaged)))));
    produce.setTopicData(topics);
    try (RawConnection raw = new RawConnection(server.server.port())) {
      raw.send(RawConnection.frame(ApiKeys.PRODUCE, (short) 9, produce, 3));
      ProduceResponseData response = RawConnection.body(raw.receive(), (short) 1, a -> new ProduceResponseData(a, (short) 9));
      ProduceResponseData.PartitionProduceResponse p = response.responses().iterator().next().partitionResponses().get(0);
      assertThat(p.errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
      assertThat(p.errorMessage()).contains("CRC");
    }
    assertThat(server.server.broker().log("corrupt", 0).orElseThrow().logEndOffset()).isZero();
  }

  @Test
  void invalidTopicNamesGetInvalidTopic() throws Exception {
    MetadataRequestData metadata = new MetadataRequestData().setAllowAutoTopicCreation(true).setTopics(List.of(
        new MetadataRequestData.MetadataRequestTopic().setName("no spaces allowed"),
        new MetadataRequestData.MetadataRequestTopic().setName("x".repeat(250))));
    try (RawConnection raw = new RawConnection(server.server.port())) {
      raw.send(RawConnection.frame(ApiKeys.METADATA, (short) 12, metadata, 9));
      MetadataResponseData response = RawConnection.body(raw.receive(), (short) 1, a -> new MetadataResponseData(a, (short) 12));
      assertThat(response.topics()).hasSize(2).allSatisfy(t ->
          assertThat(t.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code()));
    }
  }

  /** Valid frames of several APIs, to be mutated. */
  private static List<ByteBuffer> seeds() {
    List<ByteBuffer> seeds = new ArrayList<>();
    seeds.add(RawConnection.frame(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData().setClientSoftwareName("f")
        .setClientSoftwareVersion("1"), 1));
    seeds.add(RawConnection.frame(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(List.of(
        new MetadataRequestData.MetadataRequestTopic().setName("fuzz"))).setAllowAutoTopicCreation(true), 2));
    MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()),
        new SimpleRecord("k2".getBytes(), "v2".getBytes()));
    ProduceRequestData produce = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
    ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
    topics.add(new ProduceRequestData.TopicProduceData().setName("fuzz").setPartitionData(List.of(
        new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
    seeds.add(RawConnection.frame(ApiKeys.PRODUCE, (short) 9, produce.setTopicData(topics), 3));
    seeds.add(RawConnection.frame(ApiKeys.FETCH, (short) 12, new FetchRequestData().setMaxWaitMs(0).setMinBytes(0).setMaxBytes(1 << 20)
        .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("fuzz").setPartitions(List.of(
            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20))))), 4));
    seeds.add(RawConnection.frame(ApiKeys.LIST_OFFSETS, (short) 7, new ListOffsetsRequestData().setTopics(List.of(
        new ListOffsetsRequestData.ListOffsetsTopic().setName("fuzz").setPartitions(List.of(
            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1))))), 5));
    CreateTopicsRequestData.CreatableTopicCollection create = new CreateTopicsRequestData.CreatableTopicCollection();
    create.add(new CreateTopicsRequestData.CreatableTopic().setName("fuzz-created").setNumPartitions(1)
        .setReplicationFactor((short) 1));
    seeds.add(RawConnection.frame(ApiKeys.CREATE_TOPICS, (short) 5, new CreateTopicsRequestData().setTopics(create).setTimeoutMs(1000)
        .setValidateOnly(true), 6));
    return seeds;
  }

  @Test
  void hundredsOfThousandsOfRandomAndMutatedFramesNeverStopTheServer() throws Exception {
    Random random = new Random(2026);
    List<ByteBuffer> seeds = seeds();
    int sent = 0;
    int connections = 0;
    int answered = 0;
    int closed = 0;
    int timeouts = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    RawConnection raw = null;
    try {
      while (sent < 300_000 && System.nanoTime() < deadline) {
        if (raw == null || raw.socket.isClosed()) {
          raw = new RawConnection(server.server.port());
          raw.socket.setSoTimeout(200);
          connections++;
        }
        byte[] bytes;
        if (random.nextInt(10) == 0) {
          bytes = new byte[4 + random.nextInt(64)];
          random.nextBytes(bytes);
          ByteBuffer.wrap(bytes).putInt(bytes.length - 4); // well framed garbage
        } else {
          ByteBuffer seed = seeds.get(random.nextInt(seeds.size()));
          bytes = new byte[seed.remaining()];
          seed.duplicate().get(bytes);
          int flips = 1 + random.nextInt(3);
          for (int i = 0; i < flips; i++) {
            int at = 4 + random.nextInt(bytes.length - 4); // keep the frame length honest most of the time
            bytes[at] = (byte) random.nextInt(256);
          }
        }
        try {
          raw.send(bytes);
          sent++;
          // Wait for the answer (or the close) so that the server really handles every frame.
          raw.receive();
          answered++;
        } catch (SocketTimeoutException e) {
          timeouts++; // no answer: acks=0, or a frame still incomplete; start afresh
          raw.close();
        } catch (IOException e) {
          closed++;
          raw.close(); // the server closed it: a new connection next time
        }
      }
    } finally {
      if (raw != null) {
        raw.close();
      }
    }
    System.out.printf("fuzz: %d frames over %d connections: %d answered, %d closed the connection, %d unanswered%n",
        sent, connections, answered, closed, timeouts);
    assertThat(sent).isGreaterThan(100_000);
    assertThat(answered).as("most mutated frames still parse and get an answer").isGreaterThan(sent / 4);
    assertServerStillServes();
    try (KafkaProducer<String, String> producer = server.producer(Map.of());
        KafkaConsumer<String, String> consumer = server.consumer(Map.of())) {
      producer.send(new ProducerRecord<>("after-fuzz", "k", "still here")).get();
      var tp = new org.apache.kafka.common.TopicPartition("after-fuzz", 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<String> values = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (values.isEmpty() && System.nanoTime() < end) {
        consumer.poll(java.time.Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
      }
      assertThat(values).containsExactly("still here");
    }
  }
}
