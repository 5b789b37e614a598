package io.runnel.streams.internal;

import io.runnel.streams.KStream;
import io.runnel.streams.KTable;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A {@link KTable} as a node of a {@link TopologyGraph} whose records carry {@link Change}s.
 *
 * <p>Not thread-safe: used while building on one thread.
 */
final class KTableImpl<K, V> implements KTable<K, V> {
  private final TopologyGraph graph;
  private final String node;

  KTableImpl(TopologyGraph graph, String node) {
    this.graph = graph;
    this.node = node;
  }

  private String add(String prefix, ProcessorFactory factory) {
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(name, NodeDef.Kind.PROCESSOR, List.of(node), factory, null, false, List.of()));
    return name;
  }

  @Override
  public KTable<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
    return new KTableImpl<>(
        graph,
        add(
            "KTABLE-FILTER",
            (task, out) ->
                (key, value, ts) -> {
                  Change change = (Change) value;
                  Object newValue =
                      passes(predicate, key, change.newValue()) ? change.newValue() : null;
                  Object oldValue =
                      passes(predicate, key, change.oldValue()) ? change.oldValue() : null;
                  if (newValue != null || oldValue != null) {
                    out.forward(key, new Change(oldValue, newValue), ts);
                  }
                }));
  }

  private static <K, V> boolean passes(
      BiPredicate<? super K, ? super V> predicate, Object key, Object value) {
    return value != null && predicate.test(Casts.cast(key), Casts.cast(value));
  }

  @Override
  public <VR> KTable<K, VR> mapValues(Function<? super V, ? extends VR> mapper) {
    return new KTableImpl<>(
        graph,
        add(
            "KTABLE-MAPVALUES",
            (task, out) ->
                (key, value, ts) -> {
                  Change change = (Change) value;
                  out.forward(
                      key,
                      new Change(map(mapper, change.oldValue()), map(mapper, change.newValue())),
                      ts);
                }));
  }

  private static <V, VR> Object map(Function<? super V, ? extends VR> mapper, Object value) {
    return value == null ? null : mapper.apply(Casts.cast(value));
  }

  @Override
  public KStream<K, V> toStream() {
    return new KStreamImpl<>(
        graph,
        add(
            "KTABLE-TOSTREAM",
            (task, out) -> (key, value, ts) -> out.forward(key, ((Change) value).newValue(), ts)),
        false);
  }
}
