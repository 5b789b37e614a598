package io.runnel.flink.internal;

import io.runnel.streams.StreamsConfig;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.TopologyGraph;
import java.util.Map;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** A user processor (Processor API): not translated yet. */
public final class ProcessorStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;

  private final StageSetup setup;

  ProcessorStage(StageSetup setup) {
    this.setup = setup;
  }

  static void check(TopologyGraph graph, Map<String, TopologyPlan.Role> roles, NodeDef node) {
    throw TopologyPlan.refuse(node, "Processor API", "it does not translate yet");
  }

  static StageRunner.Encoder encoder(TopologyPlan plan, NodeDef node, StreamsConfig config) {
    throw new IllegalStateException("not translated: " + node.name() + " " + plan + config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out) {
    throw new IllegalStateException("not translated: " + setup.entry());
  }
}
