package io.runnel.connect;

import java.util.Map;

/** What the runtime offers a {@link SourceTask}. Thread-safe. */
public interface SourceTaskContext {
  /**
   * The offset last stored for {@code sourcePartition} by this connector (read back from the
   * offsets topic when the worker started), or null if none was stored.
   */
  Map<String, Object> offset(Map<String, ?> sourcePartition);
}
