package io.runnel.log.group;

import io.runnel.log.server.Broker;
import io.runnel.log.server.ServerConfig;
import io.runnel.log.storage.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A real broker over a temporary directory with a started coordinator, a manual clock and timer,
 * and the calls a classic consumer makes, with a consumer's defaults (protocol type "consumer",
 * session 10 s, rebalance timeout 30 s, JoinGroup v9 behaviour).
 */
final class CoordinatorFixture implements AutoCloseable {
  static final int SESSION_MS = 10_000;
  static final int REBALANCE_MS = 30_000;

  final Path dir;
  final ManualTimer clock = new ManualTimer(1_000_000);
  private final Map<String, String> settings;
  Broker broker;
  GroupCoordinator coordinator;

  private CoordinatorFixture(Path dir, Map<String, String> overrides) {
    this.dir = dir;
    this.settings = new HashMap<>(Map.of(
        "log.dirs", dir.toString(),
        "offsets.topic.num.partitions", "3",
        "group.initial.rebalance.delay.ms", "0",
        "group.min.session.timeout.ms", "1000",
        "group.max.session.timeout.ms", "60000"));
    settings.putAll(overrides);
  }

  /** Opens the broker, creates topics {@code orders} (3 partitions) and {@code payments} (2), starts the coordinator. */
  static CoordinatorFixture start(Path dir, Map<String, String> overrides) {
    CoordinatorFixture f = new CoordinatorFixture(dir, overrides);
    f.open();
    f.broker.createTopic("orders", 3, Map.of());
    f.broker.createTopic("payments", 2, Map.of());
    f.coordinator.start();
    return f;
  }

  static CoordinatorFixture start(Path dir) {
    return start(dir, Map.of());
  }

  private void open() {
    broker = Broker.open(ServerConfig.of(settings), clock);
    coordinator = new GroupCoordinator(broker, clock, clock);
  }

  /** Closes coordinator and broker, as a shutdown does, and opens new ones over the same directory. */
  void restart() {
    close();
    open();
    coordinator.start();
  }

  @Override
  public void close() {
    coordinator.close();
    broker.close();
  }

  // ------------------------------------------------------------ what a consumer sends

  static byte[] subscription(String... topics) {
    List<byte[]> names = new ArrayList<>();
    int size = 2 + 4 + 4;
    for (String t : topics) {
      byte[] b = t.getBytes(StandardCharsets.UTF_8);
      names.add(b);
      size += 2 + b.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(size).putShort((short) 0).putInt(topics.length);
    for (byte[] b : names) {
      buf.putShort((short) b.length).put(b);
    }
    return buf.putInt(-1).array(); // null user data
  }

  static JoinProtocol range(String... topics) {
    return new JoinProtocol("range", subscription(topics));
  }

  static JoinRequest joinRequest(String group, String memberId, String instanceId, List<JoinProtocol> protocols) {
    return new JoinRequest(group, memberId, instanceId, "client", "/127.0.0.1", SESSION_MS, REBALANCE_MS, "consumer",
        protocols, true, true, null);
  }

  CompletableFuture<JoinResult> join(String group, String memberId, JoinProtocol... protocols) {
    return coordinator.join(joinRequest(group, memberId, null, List.of(protocols)));
  }

  CompletableFuture<JoinResult> joinStatic(String group, String memberId, String instanceId,
      JoinProtocol... protocols) {
    return coordinator.join(joinRequest(group, memberId, instanceId, List.of(protocols)));
  }

  /** The KIP-394 first round trip: joins without member id and returns the id handed out. */
  String memberId(String group) {
    JoinResult first = join(group, "", range("orders")).join();
    if (first.error() != GroupError.MEMBER_ID_REQUIRED) {
      throw new AssertionError("expected MEMBER_ID_REQUIRED, got " + first);
    }
    return first.memberId();
  }

  CompletableFuture<SyncResult> sync(String group, int generation, String memberId, Map<String, byte[]> assignments) {
    return coordinator.sync(new SyncRequest(group, generation, memberId, null, "consumer", "range", assignments));
  }

  GroupError heartbeat(String group, int generation, String memberId) {
    return coordinator.heartbeat(group, generation, memberId, null);
  }

  Map<TopicPartition, GroupError> commit(String group, int generation, String memberId, TopicPartition tp,
      long offset) {
    return coordinator.commitOffsets(new CommitRequest(group, generation, memberId, null,
        Map.of(tp, new CommittedOffset(offset, 3, "meta-" + offset)))).join();
  }

  CommittedOffset committed(String group, TopicPartition tp) {
    return coordinator.fetchOffsets(group, List.of(tp)).offsets().get(tp);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
