package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;

/**
 * Changes, reroutes or drops one record at a time (a Kafka Connect single message transform).
 * Implementations have a public no-argument constructor; the runtime calls {@link #configure} once
 * and then {@link #apply} from the task's thread only.
 *
 * @param <R> the record type: {@link io.runnel.connect.SourceRecord} or {@link
 *     io.runnel.connect.SinkRecord}
 */
public interface Transformation<R extends ConnectRecord<R>> {
  /** The keys this transform reads, under {@code transforms.<name>.}. */
  ConfigDef config();

  /** Configures it with its own keys (the prefix removed), validated against {@link #config}. */
  void configure(ParsedConfig config);

  /**
   * The transformed record, or null to drop it.
   *
   * @throws io.runnel.connect.ConnectException naming the record's topic if this record cannot be
   *     transformed (with {@code errors.tolerance=all} it is then skipped)
   */
  R apply(R record);
}
