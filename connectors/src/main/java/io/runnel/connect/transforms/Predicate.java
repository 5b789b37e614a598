package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;

/**
 * A condition on a record that decides whether a transform applies to it ({@code
 * transforms.<name>.predicate}). Implementations have a public no-argument constructor; configured
 * once, then called from the task's thread only.
 *
 * @param <R> the record type
 */
public interface Predicate<R extends ConnectRecord<R>> {
  /** The keys this predicate reads, under {@code predicates.<name>.}. */
  ConfigDef config();

  /** Configures it with its own keys (the prefix removed). */
  void configure(ParsedConfig config);

  /** True if the record matches. */
  boolean test(R record);
}
