package io.runnel.streams.internal;

import io.runnel.streams.JoinWindows;
import io.runnel.streams.StreamJoined;
import io.runnel.streams.ValueJoiner;
import java.util.List;

/**
 * Adds a windowed stream-stream join to a topology: repartition topics for a side whose key may
 * have changed, the two window stores (and the pending store of left and outer joins), one join
 * node per side and a merge node. Stateless; used while building on one thread.
 */
final class StreamStreamJoins {
  /** Kafka Streams' default retention of window stores: one day, if longer than needed. */
  private static final long MIN_RETENTION_MS = 24 * 60 * 60 * 1000L;

  private StreamStreamJoins() {}

  /**
   * Joins {@code thisSide} with {@code otherSide}.
   *
   * @return the merge node carrying the results
   */
  static String add(
      TopologyGraph graph,
      KStreamImpl<?, ?> thisSide,
      KStreamImpl<?, ?> otherSide,
      ValueJoiner<?, ?, ?> joiner,
      JoinWindows windows,
      StreamJoined<?, ?, ?> joined,
      JoinType type) {
    String base = joined.name() != null ? joined.name() : graph.newName("KSTREAM-JOIN");
    String thisInput =
        thisSide.keyChanged()
            ? Repartition.through(
                graph, thisSide.node(), base + "-this", joined.keySerde(), joined.valueSerde())
            : thisSide.node();
    String otherInput =
        otherSide.keyChanged()
            ? Repartition.through(
                graph,
                otherSide.node(),
                base + "-other",
                joined.keySerde(),
                joined.otherValueSerde())
            : otherSide.node();
    long retentionMs =
        Math.max(MIN_RETENTION_MS, 2 * windows.differenceMs() + windows.graceMs() + 1);
    StoreDef thisStore =
        StoreDef.window(
            base + "-this-join-store", joined.keySerde(), joined.valueSerde(), 1, retentionMs);
    StoreDef otherStore =
        StoreDef.window(
            base + "-other-join-store",
            joined.keySerde(),
            joined.otherValueSerde(),
            1,
            retentionMs);
    StoreDef pendingStore =
        type == JoinType.INNER ? null : new StoreDef(base + "-outer-join-store", null, null);
    graph.addStore(thisStore);
    graph.addStore(otherStore);
    List<String> stores = List.of(thisStore.name(), otherStore.name());
    if (pendingStore != null) {
      graph.addStore(pendingStore);
      stores = List.of(thisStore.name(), otherStore.name(), pendingStore.name());
    }
    String thisJoin = graph.newName("KSTREAM-JOINTHIS");
    graph.add(
        new NodeDef(
            thisJoin,
            NodeDef.Kind.PROCESSOR,
            List.of(thisInput),
            new NodeSpecs.StreamStreamJoin(
                thisStore, otherStore, pendingStore, windows, type, joiner, true),
            null,
            false,
            stores));
    String otherJoin = graph.newName("KSTREAM-JOINOTHER");
    graph.add(
        new NodeDef(
            otherJoin,
            NodeDef.Kind.PROCESSOR,
            List.of(otherInput),
            new NodeSpecs.StreamStreamJoin(
                thisStore, otherStore, pendingStore, windows, type, joiner, false),
            null,
            false,
            stores));
    String merge = graph.newName("KSTREAM-MERGE");
    graph.add(
        new NodeDef(
            merge,
            NodeDef.Kind.PROCESSOR,
            List.of(thisJoin, otherJoin),
            (task, out) -> out::forward,
            null,
            false,
            List.of()));
    return merge;
  }
}
