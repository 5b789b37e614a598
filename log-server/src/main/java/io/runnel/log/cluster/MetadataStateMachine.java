package io.runnel.log.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated metadata: applies {@link MetadataCommand}s in Raft log order to a {@link
 * MetadataImage}, snapshots the image to one file per snapshot, and answers the read-only queries
 * (heartbeats, the applied index) that Ratis routes to the leader.
 *
 * <p>Threading: {@link #applyTransaction} runs on Ratis' single apply thread and publishes each
 * new image through a volatile field, then calls the listener on that same thread (so the
 * listener sees images in log order). {@link #image}, {@link #awaitApplied} and the heartbeat map
 * are safe from any thread.
 */
final class MetadataStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);
  static final byte QUERY_HEARTBEAT = 1;
  static final byte QUERY_APPLIED_INDEX = 2;

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Object appliedLock = new Object();
  /** Last heartbeat per broker, in System.nanoTime() millis; only meaningful on the Raft leader. */
  private final Map<Integer, Long> lastHeartbeat = new ConcurrentHashMap<>();
  private volatile MetadataImage image = MetadataImage.EMPTY;
  /** The image at {@link #appliedIndex}, guarded by appliedLock: what a snapshot holds. */
  private MetadataImage appliedImage = MetadataImage.EMPTY;
  private volatile long appliedIndex = -1;
  private volatile ImageListener listener = (img, index) -> { };

  MetadataImage image() {
    return image;
  }

  long appliedIndex() {
    return appliedIndex;
  }

  void setListener(ImageListener l) {
    this.listener = l;
  }

  Map<Integer, Long> lastHeartbeats() {
    return lastHeartbeat;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    load(storage.getLatestSnapshot());
  }

  /**
   * One line per change of the metadata quorum's leader, seen from this node: what an operator needs
   * of the Raft group's state (Ratis' own logging, which repeats on every retry to an unreachable
   * voter, is quieted in the server's logging setup).
   */
  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
    if (newLeader == null) {
      LOG.info("node {}: the metadata quorum has no leader (an election is under way)", member.getPeerId());
    } else {
      LOG.info("node {}: the metadata quorum leader is now node {}", member.getPeerId(), newLeader);
    }
  }

  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      MetadataImage loaded = MetadataImage.readFrom(in);
      TermIndex ti = snapshot.getTermIndex();
      image = loaded;
      listener.applied(loaded, ti.getIndex());
      synchronized (appliedLock) {
        appliedImage = loaded;
        appliedIndex = ti.getIndex();
        setLastAppliedTermIndex(ti);
        appliedLock.notifyAll();
      }
    } catch (IOException e) {
      throw new IOException("cannot read the metadata snapshot " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    MetadataImage current;
    TermIndex last;
    synchronized (appliedLock) {
      current = appliedImage;
      last = getLastAppliedTermIndex();
    }
    if (last == null) {
      return -1;
    }
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
      current.writeTo(out);
    }
    // Ratis purges the log up to the index returned here: the snapshot must be durable first.
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(target.toPath().toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    // The Raft leader sends getLatestSnapshot() to a follower that needs entries it has purged, and
    // Ratis' storage keeps returning the snapshot it loaded at start unless told of each new one:
    // that stale snapshot cannot bring such a follower up to the log, which would never catch up.
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    MetadataCommand command = MetadataCommand.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
    MetadataImage.Applied applied = image.apply(command);
    image = applied.image();
    // The listener (the broker creating and deleting its logs) runs before the index is published,
    // so a node that waits for its own change to be applied also finds its effects.
    try {
      listener.applied(applied.image(), entry.getIndex());
    } catch (RuntimeException e) {
      LOG.error("node {} could not act on metadata log index {} ({}): {}", getId(), entry.getIndex(), command,
          e.toString(), e);
    }
    synchronized (appliedLock) {
      appliedImage = applied.image();
      appliedIndex = entry.getIndex();
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      appliedLock.notifyAll();
    }
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(applied.result().encode())));
  }

  /** Waits until the image here includes log index {@code index}; false on timeout. */
  boolean awaitApplied(long index, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    synchronized (appliedLock) {
      while (appliedIndex < index) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        appliedLock.wait(left);
      }
      return true;
    }
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    ByteBuffer in = request.getContent().asReadOnlyByteBuffer();
    byte type = in.get();
    ByteBuffer out = ByteBuffer.allocate(9);
    if (type == QUERY_HEARTBEAT) {
      int nodeId = in.getInt();
      lastHeartbeat.put(nodeId, System.nanoTime() / 1_000_000);
      BrokerRegistration b = image.broker(nodeId).orElse(null);
      out.put((byte) (b != null && !b.fenced() ? 1 : 0));
    } else if (type == QUERY_APPLIED_INDEX) {
      out.put((byte) 1).putLong(appliedIndex);
    } else {
      return CompletableFuture.failedFuture(new IllegalArgumentException("unknown metadata query type " + type));
    }
    out.flip();
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(out)));
  }
}
