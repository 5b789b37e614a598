package io.runnel.flink;

import io.runnel.state.KeyValue;
import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.JoinWindows;
import io.runnel.streams.Joined;
import io.runnel.streams.KGroupedTable;
import io.runnel.streams.KStream;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamJoined;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.Topology;
import io.runnel.streams.WindowedSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The topologies the bridge's tests run on both runtimes. */
final class Topologies {
  static final Serde<String> S = Serdes.string();
  static final Serde<Long> L = Serdes.longs();
  static final Serde<Windowed<String>> WINDOWED = WindowedSerdes.timeWindowed(S);

  private Topologies() {}

  /** Lines of {@code input} to word counts in {@code output}: flatMapValues, groupBy, count. */
  static Topology wordCount(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(S, S))
        .flatMapValues(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .groupBy((key, word) -> word, Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to(output, Produced.with(S, L));
    return builder.build();
  }

  /**
   * Clicks per user in tumbling windows of 10 s (grace 5 s) to {@code output + "-tumbling"} and in
   * hopping windows of 10 s advancing by 5 s (grace 5 s) to {@code output + "-hopping"}.
   */
  static Topology windowedCounts(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> clicks = builder.stream(input, Consumed.with(S, S));
    clicks
        .groupByKey(Grouped.with(S, S))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .count(Materialized.<String, Long>as("tumbling").withValueSerde(L))
        .toStream()
        .to(output + "-tumbling", Produced.with(WINDOWED, L));
    clicks
        .groupByKey(Grouped.with(S, S))
        .windowedBy(
            TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5))
                .advanceBy(Duration.ofSeconds(5)))
        .count(Materialized.<String, Long>as("hopping").withValueSerde(L))
        .toStream()
        .to(output + "-hopping", Produced.with(WINDOWED, L));
    return builder.build();
  }

  /**
   * Users per region: the table of {@code users} (user to region), without users who are
   * "nowhere", regions lower-cased, re-grouped by region, counted to {@code output} and aggregated
   * into the sorted list of the region's users to {@code output + "-names"}. A user who moves is
   * subtracted from the old region and added to the new one; a deleted user leaves its region.
   */
  static Topology regionCounts(String users, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedTable<String, String> byRegion =
        builder.table(users, Consumed.with(S, S), Materialized.<String, String>as("users"))
            .filter((user, region) -> !region.equals("nowhere"))
            .mapValues(region -> region.toLowerCase(Locale.ROOT))
            .groupBy((user, region) -> KeyValue.pair(region, user), Grouped.with(S, S));
    byRegion
        .count(Materialized.<String, Long>as("region-counts").withValueSerde(L))
        .toStream()
        .to(output, Produced.with(S, L));
    byRegion
        .aggregate(
            () -> "",
            (region, user, names) -> names(names, user, true),
            (region, user, names) -> names(names, user, false),
            Materialized.<String, String>as("region-names").withValueSerde(S))
        .toStream()
        .to(output + "-names", Produced.with(S, S));
    return builder.build();
  }

  /** The sorted, comma-separated {@code names} with {@code name} added or removed. */
  private static String names(String names, String name, boolean add) {
    TreeSet<String> set = new TreeSet<>();
    if (!names.isEmpty()) {
      set.addAll(List.of(names.split(",")));
    }
    if (add) {
      set.add(name);
    } else {
      set.remove(name);
    }
    return String.join(",", set);
  }

  /**
   * Joins on the tables of {@code users} (user to region) and {@code plans} (user to plan): the
   * users table itself to {@code output + "-users"}; clicks (user to page) joined with the user's
   * region, inner to {@code output + "-inner"} and left to {@code output + "-left"}, as {@code
   * page@region}; the users table joined with the plans table, as {@code region/plan}, inner to
   * {@code output + "-tables-inner"}, left to {@code output + "-tables-left"} and outer to {@code
   * output + "-tables"}; the views (user to page) counted per user, to {@code output +
   * "-views"}, and the clicks joined with the user's view count, as {@code page#count}, to {@code
   * output + "-counted"}; the clicks re-keyed (by the same user, through a repartition) and joined
   * with the region to {@code output + "-rekeyed"}.
   */
  static Topology joins(String clicks, String users, String plans, String views, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> regions =
        builder.table(users, Consumed.with(S, S), Materialized.<String, String>as("regions"));
    KTable<String, String> subscriptions =
        builder.table(plans, Consumed.with(S, S), Materialized.<String, String>as("plans"));
    regions.toStream().to(output + "-users", Produced.with(S, S));
    KStream<String, String> pages = builder.stream(clicks, Consumed.with(S, S));
    pages
        .join(regions, (page, region) -> page + "@" + region, Joined.with(S, S))
        .to(output + "-inner", Produced.with(S, S));
    pages
        .leftJoin(regions, (page, region) -> page + "@" + region, Joined.with(S, S))
        .to(output + "-left", Produced.with(S, S));
    regions
        .join(subscriptions, (region, plan) -> region + "/" + plan)
        .toStream()
        .to(output + "-tables-inner", Produced.with(S, S));
    regions
        .leftJoin(subscriptions, (region, plan) -> region + "/" + plan)
        .toStream()
        .to(output + "-tables-left", Produced.with(S, S));
    regions
        .outerJoin(subscriptions, (region, plan) -> region + "/" + plan)
        .toStream()
        .to(output + "-tables", Produced.with(S, S));
    KTable<String, Long> viewCounts =
        builder.stream(views, Consumed.with(S, S))
            .groupByKey(Grouped.with(S, S))
            .count(Materialized.<String, Long>as("view-counts").withValueSerde(L));
    viewCounts.toStream().to(output + "-views", Produced.with(S, L));
    pages
        .join(viewCounts, (page, count) -> page + "#" + count, Joined.with(S, S))
        .to(output + "-counted", Produced.with(S, S));
    pages
        .selectKey((user, page) -> user)
        .join(regions, (page, region) -> page + "@" + region, Joined.with(S, S))
        .to(output + "-rekeyed", Produced.with(S, S));
    return builder.build();
  }

  /** The windows of {@link #streamJoins}: records up to 5 s apart join; grace 2 s. */
  static final JoinWindows JOIN_WINDOWS =
      JoinWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(5), Duration.ofSeconds(2));

  /**
   * Windowed stream-stream joins of {@code clicks} with {@code views} (both user to text) within
   * {@link #JOIN_WINDOWS}, as {@code click+view} ({@code null} for a missing side): inner to {@code
   * output + "-inner"}, left to {@code output + "-left"} and outer to {@code output + "-outer"}.
   */
  static Topology streamJoins(String clicks, String views, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> left = builder.stream(clicks, Consumed.with(S, S));
    KStream<String, String> right = builder.stream(views, Consumed.with(S, S));
    StreamJoined<String, String, String> serdes = StreamJoined.with(S, S, S);
    left.join(right, (c, v) -> c + "+" + v, JOIN_WINDOWS, serdes)
        .to(output + "-inner", Produced.with(S, S));
    left.leftJoin(right, (c, v) -> c + "+" + v, JOIN_WINDOWS, serdes)
        .to(output + "-left", Produced.with(S, S));
    left.outerJoin(right, (c, v) -> c + "+" + v, JOIN_WINDOWS, serdes)
        .to(output + "-outer", Produced.with(S, S));
    return builder.build();
  }
}
