package io.runnel.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runnel produce TOPIC}: one record per line of standard input. */
@Command(name = "produce", description = {"Send one record per line of standard input to a topic.",
    "With --parse-key, a line 'user-1:hello' becomes key 'user-1' and value 'hello'."})
final class ProduceCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "TOPIC") String topic;

  @Option(names = {"-K", "--parse-key"}, description = "Split each line at the first key separator into key and value.")
  boolean parseKey;

  @Option(names = "--key-separator", defaultValue = ":", description = "The key separator (default: '${DEFAULT-VALUE}').")
  String separator;

  @Option(names = "--acks", defaultValue = "all", description = "0, 1 or all (default: ${DEFAULT-VALUE}).")
  String acks;

  @Override
  public Integer call() throws Exception {
    Properties p = client.properties();
    p.put("acks", acks);
    p.put("linger.ms", "5");
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong sent = new AtomicLong();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && failure.get() == null) {
        String key = null;
        String value = line;
        int at = parseKey ? line.indexOf(separator) : -1;
        if (at >= 0) {
          key = line.substring(0, at);
          value = line.substring(at + separator.length());
        }
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          } else {
            sent.incrementAndGet();
          }
        });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      System.err.println("error: sending to " + topic + " failed: " + failure.get().getMessage());
      return 1;
    }
    System.err.println("sent " + sent.get() + " record(s) to " + topic);
    return 0;
  }
}
