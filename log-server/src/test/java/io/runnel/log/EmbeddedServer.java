package io.runnel.log;

import io.runnel.log.server.ServerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A log-server on a free loopback port with its data in a test directory, and clients for it. */
final class EmbeddedServer implements AutoCloseable {
  final Path dataDir;
  final Map<String, String> settings;
  LogServer server;

  EmbeddedServer(Path dataDir, Map<String, String> extra) {
    this.dataDir = dataDir;
    this.settings = new HashMap<>(Map.of(
        "listeners", "PLAINTEXT://127.0.0.1:0",
        "log.dirs", dataDir.toString(),
        "group.initial.rebalance.delay.ms", "0",
        "offsets.topic.num.partitions", "5"));
    settings.putAll(extra);
    start();
  }

  void start() {
    server = LogServer.start(ServerConfig.of(settings));
  }

  /** Stops and starts again on the same data (and a new port, unless the settings fix one). */
  void restart() {
    server.close();
    start();
  }

  String bootstrap() {
    return server.bootstrapServers();
  }

  /** A producer with kafka-clients' defaults (idempotent, acks=all) plus {@code extra}. */
  KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.putAll(extra);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  KafkaConsumer<String, String> consumer(Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putAll(extra);
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  Admin admin() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap());
    return Admin.create(p);
  }

  @Override
  public void close() {
    server.close();
  }
}
