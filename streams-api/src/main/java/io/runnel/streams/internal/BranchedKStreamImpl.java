package io.runnel.streams.internal;

import io.runnel.streams.BranchedKStream;
import io.runnel.streams.KStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Builds {@code split()}: one split node evaluates the predicates in order and forwards each
 * record once, tagged with the index of its branch ({@link Routed}); one node per branch passes on
 * the records tagged with its index, untagged. The predicate list is read when tasks are created,
 * after building has finished.
 *
 * <p>Not thread-safe: used while building on one thread.
 */
final class BranchedKStreamImpl<K, V> implements BranchedKStream<K, V> {
  /** A record's value on its way from the split node to branch {@code index}. */
  private record Routed(int index, Object value) {}

  private final TopologyGraph graph;
  private final String splitNode;
  private final boolean keyChanged;
  private final List<BiPredicate<Object, Object>> predicates = new ArrayList<>();
  private final Map<String, KStream<K, V>> branches = new LinkedHashMap<>();
  private boolean finished;

  /** Adds the split node below {@code parent}. */
  BranchedKStreamImpl(TopologyGraph graph, String parent, boolean keyChanged) {
    this.graph = graph;
    this.keyChanged = keyChanged;
    this.splitNode = graph.newName("KSTREAM-SPLIT");
    graph.add(
        new NodeDef(
            splitNode,
            NodeDef.Kind.PROCESSOR,
            List.of(parent),
            (task, out) ->
                (key, value, ts) -> {
                  int index = 0;
                  while (index < predicates.size() && !predicates.get(index).test(key, value)) {
                    index++;
                  }
                  // index == predicates.size() is the default branch, if there is one
                  out.forward(key, new Routed(index, value), ts);
                },
            null,
            false,
            List.of()));
  }

  @Override
  public BranchedKStream<K, V> branch(BiPredicate<? super K, ? super V> predicate, String name) {
    checkOpen();
    predicates.add((key, value) -> predicate.test(Casts.cast(key), Casts.cast(value)));
    addBranch(name, predicates.size() - 1);
    return this;
  }

  @Override
  public Map<String, KStream<K, V>> defaultBranch(String name) {
    checkOpen();
    // Tagged with predicates.size() at processing time: no predicate can be added after this.
    addBranch(name, predicates.size());
    finished = true;
    return Map.copyOf(branches);
  }

  @Override
  public Map<String, KStream<K, V>> noDefaultBranch() {
    checkOpen();
    finished = true;
    return Map.copyOf(branches);
  }

  private void addBranch(String name, int index) {
    if (branches.containsKey(name)) {
      throw new IllegalArgumentException("split already has a branch named '" + name + "'");
    }
    String node = graph.newName("KSTREAM-BRANCH");
    graph.add(
        new NodeDef(
            node,
            NodeDef.Kind.PROCESSOR,
            List.of(splitNode),
            (task, out) ->
                (key, value, ts) -> {
                  Routed routed = (Routed) value;
                  if (routed.index() == index) {
                    out.forward(key, routed.value(), ts);
                  }
                },
            null,
            false,
            List.of()));
    branches.put(name, new KStreamImpl<>(graph, node, keyChanged));
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("this split already has its default branch decided");
    }
  }
}
