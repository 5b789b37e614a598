package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.JoinWindows;
import io.runnel.streams.SessionWindows;
import io.runnel.streams.SlidingWindows;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.TimestampExtractor;
import io.runnel.streams.processor.ProcessorSupplier;
import io.runnel.streams.ValueJoiner;
import java.util.List;

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

  /** Combines two non-null session aggregates of one key (a session aggregation's merger). */
  @FunctionalInterface
  public interface SessionMerge {
    /** The aggregate of the session spanning both. */
    Object apply(Object key, Object aggregate1, Object aggregate2);
  }

  /** A session count, reduce or aggregate into the session store {@code store}. */
  public record SessionAggregate(
      StoreDef store, SessionWindows windows, Aggregation aggregation, SessionMerge merge)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return new SessionAggregateProcessor(task, store, windows, aggregation, merge, out);
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
   * A sliding-window count, reduce or aggregate into the window store {@code store} (keyed by
   * window start), keeping the records themselves in the window store {@code recordStore}.
   */
  public record SlidingAggregate(
      StoreDef store, StoreDef recordStore, SlidingWindows windows, Aggregation aggregation)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return new SlidingWindowAggregateProcessor(
          task, store, recordStore, windows, aggregation, out);
    }
  }

  /**
   * {@code suppress(untilWindowCloses)} of a windowed table, buffering in the key-value store
   * {@code buffer}; a window is final once stream time reaches its end plus {@code graceMs}.
   */
  public record Suppress(StoreDef buffer, Serde<?> keySerde, Serde<?> valueSerde, long graceMs)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return new SuppressProcessor(task, this, out);
    }
  }

  /** A user processor ({@code KStream.process}) of node {@code node}, using {@code stores}. */
  public record UserProcessor(
      String node, ProcessorSupplier<?, ?, ?, ?> supplier, List<String> stores)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return UserProcessorNode.create(this, task, out);
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

  /**
   * One side of a windowed stream-stream join ({@code thisSide}: the stream {@code join} was called
   * on, else the other): its records are kept in its window store, joined with the other side's
   * records within {@code windows}; left and outer joins keep the records that pend a match in
   * {@code pendingStore} (null for an inner join). Both sides share every field but {@code
   * thisSide}. The key serde is {@code thisStore}'s, the value serdes those of each side's store
   * (null for the configured defaults).
   */
  public record StreamStreamJoin(
      StoreDef thisStore,
      StoreDef otherStore,
      StoreDef pendingStore,
      JoinWindows windows,
      JoinType type,
      ValueJoiner<?, ?, ?> joiner,
      boolean thisSide)
      implements ProcessorFactory {
    @Override
    public Processor create(TaskContext task, Downstream out) {
      return StreamStreamJoinProcessor.create(task, this, out);
    }
  }
}
