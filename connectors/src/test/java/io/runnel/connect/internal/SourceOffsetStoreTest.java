package io.runnel.connect.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.log.Log;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceOffsetStoreTest {
  @Test
  void offsetsWrittenAreReadBackByANewStoreLatestWinning() {
    Log log = new MemoryLog();
    try (SourceOffsetStore store = new SourceOffsetStore(log, "w-connect-offsets")) {
      store.load();
      assertThat(store.offset("logs", Map.of("file", "/a"))).isNull();
      store.write("logs", offsets(Map.of("file", "/a"), Map.of("position", 10)));
      store.write("logs", offsets(Map.of("file", "/a"), Map.of("position", 25, "inode", "i1")));
      store.write("other", offsets(Map.of("file", "/a"), Map.of("position", 3)));
      assertThat(store.offset("logs", Map.of("file", "/a")))
          .isEqualTo(Map.of("position", 25, "inode", "i1"));
    }

    assertThat(log.describeTopic("w-connect-offsets"))
        .get()
        .extracting(TopicSpec::configs)
        .isEqualTo(Map.of("cleanup.policy", "compact"));
    try (SourceOffsetStore reopened = new SourceOffsetStore(log, "w-connect-offsets")) {
      reopened.load();
      assertThat(reopened.offset("logs", Map.of("file", "/a")))
          .isEqualTo(Map.of("position", 25, "inode", "i1"));
      assertThat(reopened.offset("other", Map.of("file", "/a"))).isEqualTo(Map.of("position", 3));
      assertThat(reopened.offset("logs", Map.of("file", "/b"))).isNull();
    }
  }

  private static Map<Map<String, ?>, Map<String, ?>> offsets(
      Map<String, ?> partition, Map<String, ?> offset) {
    Map<Map<String, ?>, Map<String, ?>> map = new LinkedHashMap<>();
    map.put(partition, offset);
    return map;
  }
}
