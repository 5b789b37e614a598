package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.TimestampExtractor;
import io.runnel.streams.ValueJoiner;

/**
 * Read-only descriptions of the nodes whose factories another runtime (flink-bridge) needs to look
 * into: each is the {@link ProcessorFactory} of its node, so {@code node.factory() instanceof
 * NodeSpecs.Aggregate} tells what the node does and with which serdes, stores and functions. Other
 * nodes keep opaque factories. Immutable.
 */
public final class NodeSpecs {
  private NodeSpecs() {}

  /**
   * A source node: deserializes with these serdes (null for the configured defaults) and takes the
   * event time from {@code extractor} (null for the log timestamp).
   */
  public record Source(Serde<?> keySerde, Serde<?> valueSerde, TimestampExtractor<?, ?> extractor)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return SourceProcessor.create(task, this, out);
    }
  }

  /**
   * A sink node writing {@code topic} (without the application id if {@code internal}, a
   * repartition topic) with these serdes (null for the configured defaults).
   */
  public record Sink(String topic, boolean internal, Serde<?> keySerde, Serde<?> valueSerde)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return SinkProcessor.create(task, this);
    }
  }

  /** A count, reduce or aggregate of a grouped stream into the key-value store {@code store}. */
  public record Aggregate(StoreDef store, Aggregation aggregation) implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return AggregateProcessor.create(task, store, aggregation, out);
    }
  }

  /** A windowed count, reduce or aggregate over tumbling or hopping {@code windows}. */
  public record WindowAggregate(StoreDef store, TimeWindows windows, Aggregation aggregation)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return WindowAggregateProcessor.create(task, store, windows, aggregation, out);
    }
  }

  /**
   * A stream-table join (inner, or left if {@code left}) looking up each stream record's key in the
   * table held in the key-value store {@code tableStore} (with these serdes, null for the
   * configured defaults).
   */
  public record StreamTableJoin(
      String tableStore,
      Serde<?> tableKeySerde,
      Serde<?> tableValueSerde,
      ValueJoiner<?, ?, ?> joiner,
      boolean left)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return StreamTableJoinProcessor.create(task, this, out);
    }
  }

  /**
   * One side of a table-table join: a change of this side's table joined with the other side's
   * value, held in the key-value store {@code otherStore} (with these serdes, null for the
   * configured defaults); {@code thisIsLeft} tells which side this is.
   */
  public record TableTableJoin(
      String otherStore,
      Serde<?> otherKeySerde,
      Serde<?> otherValueSerde,
      ValueJoiner<?, ?, ?> joiner,
      JoinType type,
      boolean thisIsLeft)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return TableTableJoinProcessor.create(task, this, out);
    }
  }
}
