package io.runnel.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.Header;
import io.runnel.connect.SinkRecord;
import io.runnel.connect.SourceRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each built-in transform and predicate, and the chain's configuration errors. */
class TransformsTest {
  /** 2026-11-25T10:15:30Z */
  private static final long TIME = 1795601730000L;

  private static Map<String, Object> order() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("id", 7);
    value.put("card", "4111-1111");
    value.put("amount", 12.5);
    value.put("paid", true);
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }

  private static SinkRecord sink(String topic, Object value, Header... headers) {
    return new SinkRecord(topic, 3, 42, "k", value, List.of(headers), TIME);
  }

  private static SourceRecord source(String topic, Object value) {
    return new SourceRecord(
        Map.of("file", "/a"), Map.of("position", 1), topic, "k", value, List.of(), TIME);
  }

  private static <R extends io.runnel.connect.ConnectRecord<R>> TransformChain<R> chain(
      String... keysAndValues) {
    Map<String, String> config = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      config.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return TransformChain.of(config);
  }

  @Test
  void insertFieldAddsStaticAndRecordFields() {
    TransformChain<SinkRecord> t =
        chain(
            "transforms", "ins",
            "transforms.ins.type", "insert-field",
            "transforms.ins.static.field", "source",
            "transforms.ins.static.value", "shop",
            "transforms.ins.topic.field", "t",
            "transforms.ins.partition.field", "p",
            "transforms.ins.offset.field", "o",
            "transforms.ins.timestamp.field", "ts");
    SinkRecord out = t.apply(sink("orders", order()));
    assertThat(asMap(out.value()))
        .containsEntry("id", 7)
        .containsEntry("source", "shop")
        .containsEntry("t", "orders")
        .containsEntry("p", 3)
        .containsEntry("o", 42L)
        .containsEntry("ts", TIME);

    // A source record has no partition or offset yet: only what it has is inserted.
    TransformChain<SourceRecord> s =
        chain(
            "transforms", "ins",
            "transforms.ins.type", "InsertField",
            "transforms.ins.topic.field", "t",
            "transforms.ins.offset.field", "o");
    assertThat(asMap(s.apply(source("orders", order())).value()))
        .containsEntry("t", "orders")
        .doesNotContainKey("o");
    // A tombstone passes; text is not a map: the error names the transform and topic.
    assertThat(t.apply(sink("orders", null)).value()).isNull();
    assertThatThrownBy(() -> t.apply(sink("orders", "plain text")))
        .isInstanceOf(TransformChain.TransformException.class)
        .hasMessageContaining("transform 'ins'")
        .hasMessageContaining("InsertField needs a value that is a map")
        .hasMessageContaining("topic 'orders'");
  }

  @Test
  void maskFieldEmptiesOrReplacesFields() {
    TransformChain<SinkRecord> empty =
        chain(
            "transforms", "m",
            "transforms.m.type", "mask-field",
            "transforms.m.fields", "card,amount,paid,missing");
    assertThat(asMap(empty.apply(sink("t", order())).value()))
        .containsEntry("id", 7)
        .containsEntry("card", "")
        .containsEntry("amount", 0.0)
        .containsEntry("paid", false)
        .doesNotContainKey("missing");

    TransformChain<SinkRecord> replaced =
        chain(
            "transforms", "m",
            "transforms.m.type", "io.runnel.connect.transforms.MaskField",
            "transforms.m.fields", "card",
            "transforms.m.replacement", "****");
    assertThat(asMap(replaced.apply(sink("t", order())).value()))
        .containsEntry("card", "****");
    TransformChain<SinkRecord> badReplacement =
        chain(
            "transforms", "m",
            "transforms.m.type", "mask-field",
            "transforms.m.fields", "id",
            "transforms.m.replacement", "****");
    assertThatThrownBy(() -> badReplacement.apply(sink("t", order())))
        .hasMessageContaining("cannot replace field 'id'");
  }

  @Test
  void replaceFieldIncludesExcludesAndRenames() {
    TransformChain<SinkRecord> exclude =
        chain(
            "transforms", "r",
            "transforms.r.type", "replace-field",
            "transforms.r.exclude", "card",
            "transforms.r.renames", "id:order_id,paid:is_paid");
    Map<String, Object> value = asMap(exclude.apply(sink("t", order())).value());
    assertThat(value.keySet()).containsExactly("order_id", "amount", "is_paid");
    assertThat(value.get("order_id")).isEqualTo(7);

    TransformChain<SinkRecord> include =
        chain(
            "transforms", "r",
            "transforms.r.type", "rename-field",
            "transforms.r.include", "id,amount");
    assertThat((asMap(include.apply(sink("t", order())).value())).keySet())
        .containsExactly("id", "amount");
  }

  @Test
  void filterWithPredicatesAndNegate() {
    TransformChain<SinkRecord> dropTombstones =
        chain(
            "transforms", "drop",
            "transforms.drop.type", "filter",
            "transforms.drop.predicate", "tomb",
            "predicates", "tomb",
            "predicates.tomb.type", "record-is-tombstone");
    assertThat(dropTombstones.apply(sink("t", null))).isNull();
    assertThat(dropTombstones.apply(sink("t", "v"))).isNotNull();

    TransformChain<SinkRecord> keepOnlyOrders =
        chain(
            "transforms", "drop",
            "transforms.drop.type", "Filter",
            "transforms.drop.predicate", "isOrders",
            "transforms.drop.negate", "true",
            "predicates", "isOrders",
            "predicates.isOrders.type", "topic-name-matches",
            "predicates.isOrders.pattern", "orders-.*");
    assertThat(keepOnlyOrders.apply(sink("orders-eu", "v"))).isNotNull();
    assertThat(keepOnlyOrders.apply(sink("payments", "v"))).isNull();

    TransformChain<SinkRecord> dropTraced =
        chain(
            "transforms", "drop",
            "transforms.drop.type", "filter",
            "transforms.drop.predicate", "traced",
            "predicates", "traced",
            "predicates.traced.type", "has-header-key",
            "predicates.traced.name", "trace-id");
    assertThat(dropTraced.apply(sink("t", "v", new Header("trace-id", "1")))).isNull();
    assertThat(dropTraced.apply(sink("t", "v", new Header("other", "1")))).isNotNull();
  }

  @Test
  void regexRouterRenamesMatchingTopics() {
    TransformChain<SourceRecord> t =
        chain(
            "transforms", "route",
            "transforms.route.type", "regex-router",
            "transforms.route.regex", "(.*)-raw",
            "transforms.route.replacement", "$1-clean");
    assertThat(t.apply(source("orders-raw", "v")).topic()).isEqualTo("orders-clean");
    assertThat(t.apply(source("orders", "v")).topic()).isEqualTo("orders");
    SourceRecord routed = t.apply(source("a-raw", "v"));
    assertThat(routed.sourcePartition()).isEqualTo(Map.of("file", "/a"));
    assertThat(routed.sourceOffset()).isEqualTo(Map.of("position", 1));
  }

  @Test
  void timestampRouterNamesTopicsByDay() {
    TransformChain<SinkRecord> byDay =
        chain("transforms", "ts", "transforms.ts.type", "timestamp-router");
    assertThat(byDay.apply(sink("logs", "v")).topic()).isEqualTo("logs-20261125");
    TransformChain<SinkRecord> byHour =
        chain(
            "transforms", "ts",
            "transforms.ts.type", "org.apache.kafka.connect.transforms.TimestampRouter",
            "transforms.ts.topic.format", "${timestamp}_${topic}",
            "transforms.ts.timestamp.format", "yyyy-MM-dd-HH");
    assertThat(byHour.apply(sink("logs", "v")).topic()).isEqualTo("2026-11-25-10_logs");
  }

  @Test
  void transformsApplyInOrder() {
    TransformChain<SinkRecord> t =
        chain(
            "transforms", "rename,insert",
            "transforms.rename.type", "replace-field",
            "transforms.rename.renames", "id:order_id",
            "transforms.insert.type", "insert-field",
            "transforms.insert.static.field", "id",
            "transforms.insert.static.value", "x");
    assertThat(asMap(t.apply(sink("t", order())).value()))
        .containsEntry("order_id", 7)
        .containsEntry("id", "x");
  }

  @Test
  void configurationErrorsNameTheKey() {
    assertThatThrownBy(() -> chain("transforms", "a"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'transforms.a.type'");
    assertThatThrownBy(() -> chain("transforms", "a", "transforms.a.type", "nope"))
        .hasMessageContaining("'transforms.a.type'")
        .hasMessageContaining("insert-field");
    assertThatThrownBy(() -> chain("transforms", "a", "transforms.a.type", "java.lang.String"))
        .hasMessageContaining("'transforms.a.type'")
        .hasMessageContaining("is not a");
    assertThatThrownBy(() -> chain("transforms", "a", "transforms.a.type", "regex-router"))
        .hasMessageContaining("'transforms.a.regex'");
    assertThatThrownBy(
            () ->
                chain(
                    "transforms", "a",
                    "transforms.a.type", "regex-router",
                    "transforms.a.regex", "(",
                    "transforms.a.replacement", "x"))
        .hasMessageContaining("'transforms.a.regex'")
        .hasMessageContaining("not a valid regex");
    assertThatThrownBy(
            () ->
                chain(
                    "transforms", "a",
                    "transforms.a.type", "insert-field",
                    "transforms.a.statik.field", "x"))
        .hasMessageContaining("'transforms.a.statik.field'")
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> chain("transforms", "a", "transforms.a.type", "mask-field"))
        .hasMessageContaining("'transforms.a.fields'");
    assertThatThrownBy(
            () ->
                chain(
                    "transforms", "a",
                    "transforms.a.type", "replace-field",
                    "transforms.a.renames", "a-b"))
        .hasMessageContaining("'transforms.a.renames'");
    assertThatThrownBy(
            () ->
                chain(
                    "transforms", "a",
                    "transforms.a.type", "timestamp-router",
                    "transforms.a.timestamp.format", "yyyy-pp"))
        .hasMessageContaining("'transforms.a.timestamp.format'");
    assertThatThrownBy(
            () -> chain("transforms", "a", "transforms.a.type", "filter", "transforms.a.predicate", "p"))
        .hasMessageContaining("'transforms.a.predicate'")
        .hasMessageContaining("no predicate 'p'");
    assertThatThrownBy(
            () -> chain("transforms", "a", "transforms.a.type", "filter", "transforms.a.negate", "yes"))
        .hasMessageContaining("'transforms.a.negate'");
    assertThatThrownBy(
            () -> chain("predicates", "p", "predicates.p.type", "topic-name-matches"))
        .hasMessageContaining("'predicates.p.pattern'");
  }

  @Test
  void aTransformErrorOnARecordIsAConnectException() {
    TransformChain<SinkRecord> t =
        chain("transforms", "ts", "transforms.ts.type", "timestamp-router");
    assertThat(t.apply(sink("t", order()).newRecord("t", "k", "v", List.of(), 0L)).topic())
        .isEqualTo("t-19700101");
    TransformChain<SourceRecord> s =
        chain("transforms", "ts", "transforms.ts.type", "timestamp-router");
    assertThatThrownBy(
            () ->
                s.apply(
                    new SourceRecord(Map.of(), Map.of(), "t", null, "v", List.of(), null)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("needs a timestamp");
  }
}
