/**
 * Single message transforms, as Kafka Connect's: a connector's {@code transforms=a,b} names a
 * chain of {@link io.runnel.connect.transforms.Transformation}s, each configured by its {@code
 * transforms.<name>.*} keys and optionally guarded by a {@link
 * io.runnel.connect.transforms.Predicate} ({@code transforms.<name>.predicate}, {@code
 * transforms.<name>.negate}, {@code predicates=...}). They apply to source records before
 * conversion and to sink records after it, so a JSON object is a {@code Map}.
 *
 * <p>Built-ins: {@link io.runnel.connect.transforms.InsertField}, {@link
 * io.runnel.connect.transforms.MaskField}, {@link io.runnel.connect.transforms.ReplaceField},
 * {@link io.runnel.connect.transforms.Filter}, {@link io.runnel.connect.transforms.RegexRouter},
 * {@link io.runnel.connect.transforms.TimestampRouter}; predicates {@link
 * io.runnel.connect.transforms.TopicNameMatches}, {@link
 * io.runnel.connect.transforms.HasHeaderKey}, {@link
 * io.runnel.connect.transforms.RecordIsTombstone}.
 *
 * <p>Threading: each task has its own instances, configured once and then called from the task's
 * thread only.
 */
package io.runnel.connect.transforms;
