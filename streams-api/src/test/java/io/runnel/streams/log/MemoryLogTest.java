package io.runnel.streams.log;

import io.runnel.streams.log.memory.MemoryLog;

/** The Log contract on the memory backend. */
class MemoryLogTest extends LogContract {
  @Override
  protected Log openLog() {
    return new MemoryLog();
  }
}
