package io.runnel.streams;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The application of {@code ScaleOutIT}: for each word, the set of line ids containing it (store
 * {@code line-sets}), and its size on {@code word-counts}. A line processed twice (at-least-once
 * replay after a crash) adds nothing, so the final counts are exact. {@link #main} runs it in a
 * child JVM that the test kills with SIGKILL; it prints {@code state <STATE>} on every change.
 */
public final class ScaleOutApp {
  static final Serde<String> S = Serdes.string();
  static final Serde<Long> L = Serdes.longs();

  private ScaleOutApp() {}

  static Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("lines", Consumed.with(S, S))
        .flatMap(
            (lineId, line) -> {
              List<KeyValue<String, String>> out = new ArrayList<>();
              for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!word.isEmpty()) {
                  out.add(KeyValue.pair(word, lineId));
                }
              }
              return out;
            })
        .groupByKey(Grouped.with(S, S))
        .aggregate(
            () -> "",
            (word, lineId, set) -> {
              Set<String> ids = ids(set);
              ids.add(lineId);
              return String.join(",", ids);
            },
            Materialized.<String, String>as("line-sets").withValueSerde(S))
        .mapValues(set -> (long) ids(set).size())
        .toStream()
        .to("word-counts", Produced.with(S, L));
    return builder.build();
  }

  static Set<String> ids(String set) {
    Set<String> ids = new LinkedHashSet<>();
    if (set != null && !set.isEmpty()) {
      ids.addAll(List.of(set.split(",")));
    }
    return ids;
  }

  static Map<String, String> config(
      String servers, String stateDir, String server, String instanceId, String sessionMs) {
    Map<String, String> config = new HashMap<>();
    config.put("application.id", "scale-it");
    config.put("bootstrap.servers", servers);
    config.put("state.dir", stateDir);
    config.put("application.server", server);
    config.put("commit.interval.ms", "200");
    config.put("poll.ms", "50");
    config.put("consumer.session.timeout.ms", sessionMs);
    config.put("consumer.heartbeat.interval.ms", "500");
    if (!instanceId.equals("-")) {
      config.put("group.instance.id", instanceId);
    }
    return config;
  }

  /** Args: bootstrap servers, state dir, application.server, group.instance.id or -, session ms. */
  public static void main(String[] args) throws InterruptedException {
    RunnelStreams app =
        new RunnelStreams(topology(), config(args[0], args[1], args[2], args[3], args[4]));
    app.setStateListener(
        (now, before) -> {
          System.out.println("state " + now);
          System.out.flush();
        });
    app.start();
    Thread.currentThread().join(); // until killed
  }
}
