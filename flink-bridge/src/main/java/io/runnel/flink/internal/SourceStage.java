package io.runnel.flink.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.DeserializationExceptionHandler;
import io.runnel.streams.ErrorContext;
import io.runnel.streams.ErrorResponse;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.StreamsException;
import io.runnel.streams.TimestampExtractor;
import io.runnel.streams.internal.NodeSpecs;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stage of a topic source: deserializes what the KafkaSource read (with the source's serdes,
 * the configured deserialization handler and timestamp extractor), keeps stream time per partition
 * as a native task does, and runs the stage's nodes.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class SourceStage extends ProcessFunction<BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;

  private final StageSetup setup;
  private transient StageRunner runner;
  private transient Serde<Object> keySerde;
  private transient Serde<Object> valueSerde;
  private transient TimestampExtractor<Object, Object> extractor;
  private transient DeserializationExceptionHandler handler;
  private transient Map<Integer, Long> streamTimes;
  private transient String topic;

  SourceStage(StageSetup setup) {
    this.setup = setup;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    NodeSpecs.Source spec = (NodeSpecs.Source) plan.node(setup.entry()).factory();
    topic = plan.node(setup.entry()).topic();
    keySerde = StageRunner.serde(spec.keySerde(), config.defaultKeySerde());
    valueSerde = StageRunner.serde(spec.valueSerde(), config.defaultValueSerde());
    extractor = (TimestampExtractor<Object, Object>) spec.extractor();
    handler = config.deserializationExceptionHandler();
    streamTimes = new HashMap<>();
    runner = new StageRunner(plan, plan.stage(setup.entry()), config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out) {
    Object key;
    Object value;
    try {
      key = keySerde.deserialize((byte[]) in.key);
      value = valueSerde.deserialize((byte[]) in.value);
    } catch (RuntimeException e) {
      ErrorContext where =
          new ErrorContext(
              "flink-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
              topic,
              in.partition,
              in.offset);
      if (handler.handle(where, (byte[]) in.key, (byte[]) in.value, e) == ErrorResponse.CONTINUE) {
        return;
      }
      throw new StreamsException(
          "cannot deserialize the record at " + where.describe() + ": " + e, e);
    }
    long eventTime = extractor == null ? in.timestamp : extractor.extract(key, value, in.timestamp);
    if (eventTime < 0) {
      throw new StreamsException(
          "timestamp extractor returned a negative timestamp "
              + eventTime
              + " for key "
              + key
              + "; event times must be epoch milliseconds >= 0");
    }
    // Stream time per partition, as a native task (one per partition) keeps it.
    long streamTime = Math.max(streamTimes.getOrDefault(in.partition, -1L), eventTime);
    streamTimes.put(in.partition, streamTime);
    // Records leaving carry their partition, for the stream-time watermarks after this stage.
    runner.emitTo(
        record -> {
          record.partition = in.partition;
          out.collect(record);
        });
    runner.process(key, value, eventTime, streamTime);
  }
}
