package io.runnel.flink.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.ValueJoiner;
import io.runnel.streams.internal.Casts;
import io.runnel.streams.internal.Change;
import io.runnel.streams.internal.JoinType;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stage of a join, keyed by the serialized key: both inputs arrive in one keyed stream, told
 * apart by {@link BridgeRecord#side}. Then runs the stage's nodes.
 *
 * <ul>
 *   <li>Stream-table join (the entry is the join node): side 1 is every write of the table's store,
 *       sent by the table's stage; a {@code ValueState} mirrors the key's value (bytes of the
 *       table's value serde). Side 0 is a stream record: joined with the mirrored value ({@code
 *       joiner(value, table)}), or with null by a left join if there is none, and forwarded at
 *       once.
 *       As natively, only stream records produce results.
 *   <li>Table-table join (the entry is the merge of the two sides): side 0 and 1 are the changes of
 *       the left and right table; a {@code ValueState} per side mirrors its value. A change of one
 *       side is joined, before and after, with the other side's mirrored value and forwarded as the
 *       joined row's {@link Change} ({@link JoinType} decides which rows exist), unless the row is
 *       absent before and after: the native {@code TableTableJoinProcessor}'s rule.
 * </ul>
 *
 * <p>The native processors read the other side's store, which may be ahead of what that side has
 * forwarded; here the mirror follows what arrived. The final tables are the same: the last change
 * of a key is joined with the other side's last value either way.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class JoinStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;
  private static final TypeInformation<byte[]> BYTES =
      PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

  private final StageSetup setup;
  private transient StageRunner runner;
  private transient boolean streamTable;
  private transient ValueJoiner<Object, Object, Object> joiner;
  private transient boolean left;
  private transient JoinType type;
  private transient Serde<Object>[] serdes;
  private transient ValueState<byte[]>[] mirrors;

  JoinStage(StageSetup setup) {
    this.setup = setup;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    NodeDef entry = plan.node(setup.entry());
    streamTable = plan.role(entry.name()) == TopologyPlan.Role.STREAM_TABLE_JOIN;
    serdes = new Serde[2];
    mirrors = new ValueState[2];
    if (streamTable) {
      NodeSpecs.StreamTableJoin spec = (NodeSpecs.StreamTableJoin) entry.factory();
      joiner = Casts.cast(spec.joiner());
      left = spec.left();
      serdes[1] = StageRunner.serde(spec.tableValueSerde(), config.defaultValueSerde());
      mirrors[1] = getRuntimeContext().getState(new ValueStateDescriptor<>("table", BYTES));
    } else {
      for (String parent : entry.parents()) {
        NodeSpecs.TableTableJoin side = (NodeSpecs.TableTableJoin) plan.node(parent).factory();
        joiner = Casts.cast(side.joiner());
        type = side.type();
        // Each side's spec names the other side's store: the left side's names the right one's.
        int other = side.thisIsLeft() ? 1 : 0;
        serdes[other] = StageRunner.serde(side.otherValueSerde(), config.defaultValueSerde());
      }
      mirrors[0] = getRuntimeContext().getState(new ValueStateDescriptor<>("left", BYTES));
      mirrors[1] = getRuntimeContext().getState(new ValueStateDescriptor<>("right", BYTES));
    }
    runner = new StageRunner(plan, plan.stage(entry.name()), config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    if (streamTable) {
      if (in.side == 1) {
        mirror(1, in.value);
        return;
      }
      Object tableValue = serdes[1].deserialize(mirrors[1].value());
      if (tableValue != null || left) {
        runner.process(in.key, joiner.apply(in.value, tableValue), in.timestamp, in.streamTime);
      }
      return;
    }
    int mine = in.side;
    int theirs = 1 - mine;
    mirror(mine, in.value);
    Object other = serdes[theirs].deserialize(mirrors[theirs].value());
    Object before = joined(mine, in.oldValue, other);
    Object after = joined(mine, in.value, other);
    if (before != null || after != null) {
      runner.process(in.key, new Change(before, after), in.timestamp, in.streamTime);
    }
  }

  private void mirror(int side, Object value) throws Exception {
    byte[] bytes = serdes[side].serialize(value);
    if (bytes == null) {
      mirrors[side].clear();
    } else {
      mirrors[side].update(bytes);
    }
  }

  private Object joined(int side, Object mine, Object theirs) {
    Object leftValue = side == 0 ? mine : theirs;
    Object rightValue = side == 0 ? theirs : mine;
    return type.emits(leftValue, rightValue) ? joiner.apply(leftValue, rightValue) : null;
  }
}
