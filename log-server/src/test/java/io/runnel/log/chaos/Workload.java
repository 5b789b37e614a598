package io.runnel.log.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producers of a chaos run: per partition one idempotent kafka-clients producer (acks=all,
 * default max 5 requests in flight) on its own thread, sending the values 0, 1, 2, ... (as decimal
 * strings, no key) to that partition only, at most {@code ratePerPartition} a second and at most
 * {@code maxInFlight} unacknowledged at a time. Every send is an attempt; its outcome is "ok" with
 * the offset the broker acknowledged, or the name of the exception the producer reported. A failed
 * value is never sent again: the next attempt takes the next value, so a value that shows up although
 * its attempt failed is indeterminate (allowed), and one acknowledged must be there.
 *
 * <p>Threading: one writer thread per partition plus the producers' own I/O threads (callbacks);
 * the recorded outcomes are concurrent maps, read by the checker after {@link #stop}.
 */
final class Workload {
  private final String topic;
  private final int partitions;
  private final Map<String, Object> producerSettings;
  private final int ratePerPartition;
  private final int maxInFlight;
  private final List<Writer> writers = new ArrayList<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

  /** One partition's writer and what it recorded. */
  private final class Writer implements Runnable {
    final int partition;
    final KafkaProducer<String, String> producer;
    final Semaphore inFlight;
    final AtomicLong attempts = new AtomicLong();
    /** value -> acknowledged offset. */
    final ConcurrentSkipListMap<Long, Long> acked = new ConcurrentSkipListMap<>();
    final Thread thread;
    volatile boolean running = true;
    /** Written by the producer's I/O thread (callbacks), read after stop. */
    volatile long lastAckNanos;
    volatile long longestStallNanos;

    Writer(int partition) {
      this.partition = partition;
      Properties p = new Properties();
      p.putAll(producerSettings);
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "chaos-producer-" + partition);
      this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
      this.inFlight = new Semaphore(maxInFlight);
      this.thread = new Thread(this, "chaos-writer-" + partition);
    }

    @Override
    public void run() {
      long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerPartition;
      long next = System.nanoTime();
      lastAckNanos = next;
      long value = 0;
      while (running) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue;
        }
        next += intervalNanos;
        try {
          if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            next = System.nanoTime(); // behind: do not burst to catch up once the cluster answers again
            continue;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        long v = value++;
        attempts.incrementAndGet();
        try {
          producer.send(new ProducerRecord<>(topic, partition, null, Long.toString(v)), (metadata, error) -> {
            if (error == null) {
              long now = System.nanoTime();
              longestStallNanos = Math.max(longestStallNanos, now - lastAckNanos);
              lastAckNanos = now;
              acked.put(v, metadata.offset());
              outcome("ok");
            } else {
              outcome(error.getClass().getSimpleName());
            }
            inFlight.release();
          });
        } catch (RuntimeException e) {
          // e.g. a TimeoutException from max.block.ms while no leader is known
          outcome(e.getClass().getSimpleName() + " (on send)");
          inFlight.release();
        }
      }
    }
  }

  Workload(String topic, int partitions, String bootstrap, int ratePerPartition, int maxInFlight) {
    this.topic = topic;
    this.partitions = partitions;
    this.ratePerPartition = ratePerPartition;
    this.maxInFlight = maxInFlight;
    this.producerSettings = Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"),
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, "5"),
        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"),
        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000"),
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000"),
        Map.entry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100"),
        Map.entry(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "1000"),
        Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"),
        Map.entry(ProducerConfig.METADATA_MAX_AGE_CONFIG, "5000"));
  }

  private void outcome(String name) {
    outcomes.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  void start() {
    for (int p = 0; p < partitions; p++) {
      Writer w = new Writer(p);
      writers.add(w);
      w.thread.start();
    }
  }

  /**
   * Stops sending, waits for the outstanding sends to finish (each ends by its delivery timeout at
   * the latest) and closes the producers.
   */
  void stop(Duration timeout) throws InterruptedException {
    writers.forEach(w -> w.running = false);
    for (Writer w : writers) {
      w.thread.join();
    }
    for (Writer w : writers) {
      w.producer.close(timeout); // flushes; what is still unsent after the timeout fails its callback
    }
  }

  int partitions() {
    return partitions;
  }

  /** Sends made on {@code partition} (the values 0 until this). */
  long attempts(int partition) {
    return writers.get(partition).attempts.get();
  }

  long attempts() {
    return writers.stream().mapToLong(w -> w.attempts.get()).sum();
  }

  /** value -> acknowledged offset on {@code partition}. */
  NavigableMap<Long, Long> acked(int partition) {
    return writers.get(partition).acked;
  }

  long acknowledged() {
    return writers.stream().mapToLong(w -> w.acked.size()).sum();
  }

  /** The longest time between two acknowledgements on one partition, and which: {@code [nanos, partition]}. */
  long[] longestStall() {
    long[] longest = {0, -1};
    for (Writer w : writers) {
      if (w.longestStallNanos > longest[0]) {
        longest[0] = w.longestStallNanos;
        longest[1] = w.partition;
      }
    }
    return longest;
  }

  /** How many attempts ended each way ("ok" or the exception's simple name). */
  Map<String, Long> outcomes() {
    Map<String, Long> copy = new TreeMap<>();
    outcomes.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }
}
