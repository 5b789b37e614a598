package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnel server} as a user runs it: a separate process that prints its started line, serves
 * a default Kafka producer, and on SIGTERM flushes and checkpoints every log before it exits.
 */
class ServerCommandIT {
  @TempDir Path tmp;

  @Test
  void startsServesAndStopsCleanlyOnSigterm() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "-cp", classpath, Main.class.getName(), "server",
        "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
        "--override", "log.dirs=" + tmp.resolve("data"))
        .redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // ends with the process
      }
    });
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lines.stream().noneMatch(l -> l.startsWith("runnel server started on")) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(lines).contains("runnel server started on 127.0.0.1:" + port + " (node 1)");

      Properties p = new Properties();
      p.put("bootstrap.servers", "127.0.0.1:" + port);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 100; i++) {
          producer.send(new ProducerRecord<>("greetings", "k" + i, "hello " + i)).get();
        }
      }
      // SIGTERM as a service manager sends it (Process.destroy() would also close our end of the pipe).
      new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).inheritIO().start().waitFor();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
      reader.join(5000);
      assertThat(lines).anyMatch(l -> l.contains("log-server node 1 stopped cleanly"));
      Properties checkpoint = new Properties();
      try (var in = Files.newBufferedReader(tmp.resolve("data").resolve("greetings-0").resolve("runnel.checkpoint"))) {
        checkpoint.load(in);
      }
      assertThat(checkpoint.getProperty("recovery.point")).as("every record flushed at shutdown").isEqualTo("100");
    } finally {
      server.destroyForcibly();
    }
  }
}
