package io.runnel.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runnel consume TOPIC}: prints records, one per line, until --max or Ctrl-C. */
@Command(name = "consume", description = {"Print the records of a topic, one value per line.",
    "Without --group it reads every partition; with --group it joins that consumer group and commits."})
final class ConsumeCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "TOPIC") String topic;

  @Option(names = "--group", paramLabel = "GROUP", description = "Consume as a member of this group, committing offsets.")
  String group;

  @Option(names = "--from-beginning", description = "Start at the earliest offset (else at the end, or at the group's commit).")
  boolean fromBeginning;

  @Option(names = "--max", paramLabel = "N", defaultValue = "-1", description = "Stop after N records.")
  long max;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "-1",
      description = "Stop when no record arrived for this long.")
  long timeoutMs;

  @Option(names = "--print-key", description = "Print 'key:value'.")
  boolean printKey;

  @Override
  public Integer call() {
    Properties p = client.properties();
    p.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
    if (group != null) {
      p.put("group.id", group);
    } else {
      p.put("enable.auto.commit", "false");
    }
    long count = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      Thread main = Thread.currentThread();
      Thread hook = new Thread(() -> {
        consumer.wakeup();
        try {
          main.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      if (group != null) {
        consumer.subscribe(List.of(topic));
      } else {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
      }
      long lastRecord = System.currentTimeMillis();
      try {
        while (max < 0 || count < max) {
          var records = consumer.poll(Duration.ofMillis(200));
          for (ConsumerRecord<String, String> r : records) {
            System.out.println(printKey ? r.key() + ":" + r.value() : r.value());
            lastRecord = System.currentTimeMillis();
            if (++count == max) {
              break;
            }
          }
          System.out.flush();
          if (timeoutMs >= 0 && System.currentTimeMillis() - lastRecord > timeoutMs) {
            break;
          }
        }
        if (group != null) {
          consumer.commitSync();
        }
      } catch (WakeupException e) {
        // Ctrl-C
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    System.err.println("consumed " + count + " record(s)");
    return 0;
  }
}
