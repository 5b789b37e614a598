/**
 * The streams benchmark of issue 5: the same word count and tumbling-window count topologies run
 * with Runnel's streams-api and with Apache Kafka Streams against one in-process log-server, timed
 * from the app's start until its output holds every word (a plain main, {@link
 * io.runnel.bench.streams.StreamsVsKafkaStreams}, run by {@code bench/streams-vs-kafka-streams.sh}).
 *
 * <p>Single-threaded driver: the main thread produces the input, starts one app at a time and reads
 * its output; each app runs on its own stream thread.
 */
package io.runnel.bench.streams;
