package io.runnel.log.cluster;

import io.runnel.log.cluster.MetadataCommand.FenceBroker;
import io.runnel.log.cluster.MetadataCommand.RegisterBroker;
import io.runnel.log.storage.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's member of the metadata quorum: a Ratis server (a voter of {@code
 * controller.quorum.voters}, or a one-peer group on a free loopback port when that is empty), a
 * Ratis client to submit commands through whichever voter leads, this broker's heartbeats and, while
 * this node leads the Raft group, the fencing of brokers whose last heartbeat is older than {@code
 * broker.session.timeout.ms}.
 *
 * <p>Data: the Raft log and the snapshots live in {@code dir} (under the first log dir).
 *
 * <p>Threading: thread-safe. {@link #submit} blocks the caller until the command is applied on
 * this node (so a caller reads its own writes); heartbeats and fencing run on one daemon thread.
 */
public final class MetadataQuorum implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataQuorum.class);
  private static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("runnel-metadata".getBytes(StandardCharsets.UTF_8)));
  /** How long a metadata change may wait for a quorum before the caller is told it is unavailable. */
  static final long REQUEST_TIMEOUT_MS = 15_000;
  /** How long a starting node waits for a majority of the voters (the other nodes may start later). */
  static final long START_TIMEOUT_MS = 120_000;

  private final int nodeId;
  private final RaftServer server;
  private final RaftClient client;
  private final MetadataStateMachine stateMachine;
  private final long sessionTimeoutMs;
  private final ScheduledExecutorService timer;
  private volatile RegisterBroker registration;
  /** Guards {@link #leaving} against a heartbeat's re-registration sent at the same moment. */
  private final Object leaveLock = new Object();
  /** Set by {@link #leaveForShutdown}: this node no longer registers itself again. Guarded by leaveLock. */
  private boolean leaving;

  private MetadataQuorum(int nodeId, RaftServer server, RaftClient client, MetadataStateMachine stateMachine,
      long sessionTimeoutMs) {
    this.nodeId = nodeId;
    this.server = server;
    this.client = client;
    this.stateMachine = stateMachine;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "metadata-heartbeat-" + nodeId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts this node's Raft server and client; returns once the server runs (a quorum may not have a
   * leader yet: see {@link #awaitCaughtUp}).
   *
   * @throws InvalidConfigException when {@code node.id} is not one of the voters
   */
  public static MetadataQuorum start(int nodeId, QuorumVoters voters, Path dir, long sessionTimeoutMs) {
    if (!voters.isEmpty()) {
      return start(nodeId, voters, false, dir, sessionTimeoutMs);
    }
    // A one-peer group on a free loopback port: another process may take the port between the probe
    // and the bind, so try a few.
    for (int attempt = 1; ; attempt++) {
      QuorumVoters single = new QuorumVoters(List.of(new QuorumVoters.Voter(nodeId, "127.0.0.1", freeLoopbackPort())));
      try {
        return start(nodeId, single, true, dir, sessionTimeoutMs);
      } catch (UncheckedIOException e) {
        if (attempt == 3) {
          throw e;
        }
        LOG.info("node {}: retrying the metadata quorum start on another port ({})", nodeId, e.getMessage());
      }
    }
  }

  private static MetadataQuorum start(int nodeId, QuorumVoters voters, boolean single, Path dir,
      long sessionTimeoutMs) {
    List<QuorumVoters.Voter> members = voters.voters();
    QuorumVoters.Voter self = members.stream().filter(v -> v.nodeId() == nodeId).findFirst().orElseThrow(() ->
        new InvalidConfigException("node.id " + nodeId + " is not one of controller.quorum.voters (" + voters.voters()
            + "); add it there with its quorum port, on every node"));
    List<RaftPeer> peers = new ArrayList<>();
    for (QuorumVoters.Voter v : members) {
      peers.add(RaftPeer.newBuilder().setId(peerId(v.nodeId())).setAddress(v.host() + ":" + v.port()).build());
    }
    RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
    RaftProperties props = new RaftProperties();
    RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
    NettyConfigKeys.Server.setHost(props, self.host());
    NettyConfigKeys.Server.setPort(props, self.port());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the metadata quorum directory " + dir, e);
    }
    RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, 1000);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
    RaftServerConfigKeys.Log.setPreallocatedSize(props, SizeInBytes.valueOf("64KB"));
    RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf("1MB"));
    if (single) {
      // Nobody to wait for: elect this node at once, so a single node starts in milliseconds.
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props, TimeDuration.valueOf(1, TimeUnit.MILLISECONDS));
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props, TimeDuration.valueOf(5, TimeUnit.MILLISECONDS));
    } else {
      RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
      RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
    }
    MetadataStateMachine stateMachine = new MetadataStateMachine();
    RaftServer server;
    try {
      server = RaftServer.newBuilder().setServerId(peerId(nodeId)).setGroup(group).setStateMachine(stateMachine)
          .setProperties(props).setOption(RaftStorage.StartupOption.RECOVER).build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the metadata quorum server of node " + nodeId + " on "
          + self.host() + ":" + self.port() + " with data in " + dir + ": " + e.getMessage(), e);
    }
    RaftClient client = RaftClient.newBuilder().setProperties(props).setRaftGroup(group)
        .setRetryPolicy(RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(50, TimeUnit.MILLISECONDS)))
        .build();
    MetadataQuorum quorum = new MetadataQuorum(nodeId, server, client, stateMachine, sessionTimeoutMs);
    quorum.checkStoredVoters(members, dir);
    LOG.info("metadata quorum member {} started on {}:{} with voters {}", nodeId, self.host(), self.port(), members);
    return quorum;
  }

  /** A group formed with other voters keeps them in its log: refuse to run with a different voters line. */
  private void checkStoredVoters(List<QuorumVoters.Voter> configured, Path dir) {
    try {
      java.util.Set<String> stored = new java.util.TreeSet<>();
      server.getDivision(GROUP_ID).getRaftConf().getCurrentPeers().forEach(p -> stored.add(p.getId().toString()));
      java.util.Set<String> wanted = new java.util.TreeSet<>();
      configured.forEach(v -> wanted.add(Integer.toString(v.nodeId())));
      if (!stored.equals(wanted)) {
        close();
        throw new InvalidConfigException("the metadata quorum in " + dir + " was formed by nodes " + stored
            + " but controller.quorum.voters names nodes " + wanted + "; changing the voters is not supported:"
            + " use the voters line the cluster was formed with, or give this node a new log.dirs");
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("the metadata quorum server of node " + nodeId + " is not running", e);
    }
  }

  private static RaftPeerId peerId(int nodeId) {
    return RaftPeerId.valueOf(Integer.toString(nodeId));
  }

  private static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port for the metadata quorum", e);
    }
  }

  /** The image as applied on this node. */
  public MetadataImage image() {
    return stateMachine.image();
  }

  /** Called with every new image, in log order, on Ratis' apply thread; keep it short. */
  public void onImage(ImageListener listener) {
    stateMachine.setListener(listener);
  }

  /**
   * Replicates {@code command} and waits until it is applied on this node.
   *
   * @return the result (a refusal is a result, not an exception: see {@link CommandResult#orThrow})
   * @throws QuorumUnavailableException when no quorum answers within the request timeout
   */
  public CommandResult submit(MetadataCommand command) {
    RaftClientReply reply = await(client.async().send(message(command.encode())), "apply " + command);
    CommandResult result = CommandResult.decode(reply.getMessage().getContent().toByteArray());
    awaitApplied(reply.getLogIndex());
    return result;
  }

  /**
   * Replicates {@code command} without waiting for this node to apply it: the future completes
   * with the result and log index once the quorum has committed and applied it (on the Raft
   * leader), or fails with {@link QuorumUnavailableException} after the request timeout. For
   * changes whose effect the caller need not see at once (ISR changes: the partition takes them
   * from the image), so a change that waits on the quorum holds up no thread and no other change.
   */
  public CompletableFuture<Committed> submitAsync(MetadataCommand command) {
    CompletableFuture<RaftClientReply> sent = client.async().send(message(command.encode()));
    return sent.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).handle((reply, error) -> {
      if (error != null) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
          throw new QuorumUnavailableException("no metadata quorum answered within " + REQUEST_TIMEOUT_MS
              + " ms to apply " + command + "; check that a majority of controller.quorum.voters is running");
        }
        throw new QuorumUnavailableException("the metadata quorum could not apply " + command + ": " + cause);
      }
      if (!reply.isSuccess()) {
        throw new QuorumUnavailableException("the metadata quorum could not apply " + command + ": "
            + reply.getException());
      }
      return new Committed(CommandResult.decode(reply.getMessage().getContent().toByteArray()), reply.getLogIndex());
    });
  }

  /** A command's result and the index of its metadata log entry (compare with {@link #appliedIndex}). */
  public record Committed(CommandResult result, long logIndex) {}

  /** The index of the last metadata log entry applied on this node. */
  public long appliedIndex() {
    return stateMachine.appliedIndex();
  }

  /** Waits until this node has applied everything the Raft leader had applied when asked. */
  public void awaitCaughtUp() {
    awaitLeader();
    ByteBuffer q = ByteBuffer.allocate(1).put(MetadataStateMachine.QUERY_APPLIED_INDEX);
    q.flip();
    RaftClientReply reply = await(client.async().sendReadOnly(message(q)), "read the applied index");
    ByteBuffer answer = reply.getMessage().getContent().asReadOnlyByteBuffer();
    answer.get();
    awaitApplied(answer.getLong());
  }

  /**
   * Waits (polling this node's Raft state, which has no listener for it) until a leader is known
   * here and, if this node is it, ready; requests sent before that are only retried by the client.
   */
  private void awaitLeader() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    boolean told = false;
    while (System.nanoTime() < deadline) {
      try {
        var info = server.getDivision(GROUP_ID).getInfo();
        if (info.getLeaderId() != null && (!info.isLeader() || info.isLeaderReady())) {
          return;
        }
        if (!told && System.nanoTime() > deadline - TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS - 1000)) {
          LOG.info("node {} is waiting for a metadata quorum leader (a majority of the voters must be running)",
              nodeId);
          told = true;
        }
        Thread.sleep(2);
      } catch (IOException e) {
        throw new UncheckedIOException("the metadata quorum server of node " + nodeId + " is not running", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QuorumUnavailableException("interrupted while waiting for a metadata quorum leader");
      }
    }
    throw new QuorumUnavailableException("no metadata quorum leader was elected within " + START_TIMEOUT_MS
        + " ms; check that a majority of controller.quorum.voters is running and reachable");
  }

  private void awaitApplied(long index) {
    try {
      if (!stateMachine.awaitApplied(index, REQUEST_TIMEOUT_MS)) {
        throw new QuorumUnavailableException("node " + nodeId + " did not apply metadata log index " + index
            + " within " + REQUEST_TIMEOUT_MS + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuorumUnavailableException("interrupted while waiting for the metadata quorum");
    }
  }

  private RaftClientReply await(CompletableFuture<RaftClientReply> future, String what) {
    try {
      RaftClientReply reply = future.get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        throw new QuorumUnavailableException("the metadata quorum could not " + what + ": " + reply.getException());
      }
      return reply;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new QuorumUnavailableException("no metadata quorum answered within " + REQUEST_TIMEOUT_MS + " ms to "
          + what + "; check that a majority of controller.quorum.voters is running");
    } catch (ExecutionException e) {
      throw new QuorumUnavailableException("the metadata quorum could not " + what + ": " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuorumUnavailableException("interrupted while waiting for the metadata quorum");
    }
  }

  private static Message message(byte[] bytes) {
    return Message.valueOf(ByteString.copyFrom(bytes));
  }

  private static Message message(ByteBuffer bytes) {
    return Message.valueOf(ByteString.copyFrom(bytes));
  }

  /**
   * Registers this broker's client endpoint (unfencing it) and keeps its session alive with a
   * heartbeat every {@code heartbeatIntervalMs}; a fenced broker registers again on its next beat.
   */
  public void registerAndHeartbeat(String host, int port, long heartbeatIntervalMs) {
    RegisterBroker r = new RegisterBroker(nodeId, host, port);
    registration = r;
    submit(r);
    long every = Math.max(10, heartbeatIntervalMs);
    timer.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::fenceExpiredSessions, every, Math.max(10, every / 2), TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    ByteBuffer q = ByteBuffer.allocate(5).put(MetadataStateMachine.QUERY_HEARTBEAT).putInt(nodeId);
    q.flip();
    client.async().sendReadOnly(message(q)).thenAccept(reply -> {
      if (reply.isSuccess() && reply.getMessage().getContent().byteAt(0) == 0) {
        synchronized (leaveLock) {
          // The client sends in call order: a registration sent here is applied before a later fence.
          if (leaving) {
            return;
          }
          LOG.info("node {} is not registered or was fenced by the metadata quorum; registering again", nodeId);
          client.async().send(message(registration.encode()));
        }
      }
    });
  }

  /**
   * The broker's part of Kafka's controlled shutdown (KIP-631), for a clean stop: stops this node's
   * heartbeats (which would register it again), session checks and preferred-leader elections, then
   * has the quorum fence this node ({@link FenceBroker}: its leaderships move to other live in-sync
   * replicas and it leaves the ISRs) and waits until this node has applied that too, so that its
   * partitions are followers here and clients get NOT_LEADER_OR_FOLLOWER. Waits at most {@code
   * timeoutMs} in all. Afterwards this node never registers itself again; call it only on the way to
   * {@link #close}.
   *
   * @return the image in which this node is fenced, as applied here
   * @throws QuorumUnavailableException when no quorum applied the fence within {@code timeoutMs}
   */
  public MetadataImage leaveForShutdown(long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (leaveLock) {
      leaving = true;
    }
    timer.shutdownNow();
    FenceBroker fence = new FenceBroker(nodeId);
    CompletableFuture<RaftClientReply> sent = client.async().send(message(fence.encode()));
    try {
      RaftClientReply reply = sent.get(timeoutMs, TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        throw new QuorumUnavailableException("the metadata quorum could not apply " + fence + ": "
            + reply.getException());
      }
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMs <= 0 || !stateMachine.awaitApplied(reply.getLogIndex(), leftMs)) {
        throw new QuorumUnavailableException("node " + nodeId + " did not apply its own " + fence + " (metadata log"
            + " index " + reply.getLogIndex() + ") within " + timeoutMs + " ms");
      }
      return stateMachine.image();
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw new QuorumUnavailableException("no metadata quorum answered within " + timeoutMs + " ms to apply "
          + fence + "; a majority of controller.quorum.voters may be down");
    } catch (ExecutionException e) {
      throw new QuorumUnavailableException("the metadata quorum could not apply " + fence + ": " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuorumUnavailableException("interrupted while waiting for the metadata quorum to apply " + fence);
    }
  }

  /**
   * Like Kafka's {@code auto.leader.rebalance.enable}: every {@code intervalMs}, while this node
   * leads the Raft group, gives the leadership of each partition back to its preferred replica (its
   * first) when that broker is live and in sync ({@link MetadataCommand.ElectPreferredLeaders}).
   */
  public void electPreferredLeadersEvery(long intervalMs) {
    long every = Math.max(10, intervalMs);
    timer.scheduleWithFixedDelay(this::electPreferredLeaders, every, every, TimeUnit.MILLISECONDS);
  }

  private void electPreferredLeaders() {
    try {
      int imbalance = image().preferredLeaderImbalance();
      if (imbalance == 0 || !isQuorumLeader()) {
        return;
      }
      // Asynchronous, as fencing: this thread also sends the heartbeats.
      client.async().send(message(new MetadataCommand.ElectPreferredLeaders().encode())).thenAccept(reply -> {
        if (reply.isSuccess()) {
          long moved = CommandResult.decode(reply.getMessage().getContent().toByteArray()).value();
          if (moved > 0) {
            LOG.info("moved the leadership of {} partition(s) back to their preferred replicas", moved);
          }
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("node {} could not elect preferred leaders: {}", nodeId, e.toString());
    }
  }

  /** On the Raft leader only: fences every unfenced broker whose session timed out. */
  private void fenceExpiredSessions() {
    try {
      Map<Integer, Long> seen = stateMachine.lastHeartbeats();
      if (!isQuorumLeader()) {
        seen.clear();
        return;
      }
      long now = System.nanoTime() / 1_000_000;
      for (BrokerRegistration b : image().liveBrokers()) {
        Long last = seen.putIfAbsent(b.nodeId(), now); // a new leader gives every broker a full session
        if (last != null && now - last > sessionTimeoutMs) {
          LOG.info("fencing node {}: no heartbeat for {} ms (broker.session.timeout.ms={})", b.nodeId(), now - last,
              sessionTimeoutMs);
          seen.remove(b.nodeId());
          client.async().send(message(new FenceBroker(b.nodeId()).encode()));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("node {} could not check broker sessions: {}", nodeId, e.toString());
    }
  }

  /**
   * Writes a snapshot of this node's image now (Ratis also takes one every 1000 log entries) and
   * returns the log index it covers; the log before it may then be purged.
   */
  public long takeSnapshot() {
    try {
      // A creation gap of 1: snapshot even if few entries came since the last one.
      RaftClientReply reply = client.getSnapshotManagementApi(peerId(nodeId)).create(1, REQUEST_TIMEOUT_MS);
      if (!reply.isSuccess()) {
        throw new QuorumUnavailableException("node " + nodeId + " could not take a metadata snapshot: "
            + reply.getException());
      }
      var latest = stateMachine.getLatestSnapshot();
      return latest == null ? -1 : latest.getIndex();
    } catch (IOException e) {
      throw new UncheckedIOException("node " + nodeId + " could not take a metadata snapshot", e);
    }
  }

  /** The quorum's leader, term and voters as this node's Raft server knows them. */
  public QuorumStatus status() {
    try {
      RaftServer.Division division = server.getDivision(GROUP_ID);
      Map<String, Long> commits = new java.util.HashMap<>();
      division.getCommitInfos().forEach(c -> commits.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex()));
      List<QuorumStatus.Voter> voters = new ArrayList<>();
      for (RaftPeer peer : division.getRaftConf().getCurrentPeers()) {
        voters.add(new QuorumStatus.Voter(Integer.parseInt(peer.getId().toString()), peer.getAddress(),
            commits.getOrDefault(peer.getId().toString(), -1L)));
      }
      voters.sort(java.util.Comparator.comparingInt(QuorumStatus.Voter::nodeId));
      return new QuorumStatus(quorumLeader().orElse(-1), division.getInfo().getCurrentTerm(),
          stateMachine.appliedIndex(), voters);
    } catch (IOException e) {
      throw new UncheckedIOException("the metadata quorum server of node " + nodeId + " is not running", e);
    }
  }

  /** Whether this node's Raft server currently leads the metadata quorum. */
  public boolean isQuorumLeader() {
    try {
      return server.getDivision(GROUP_ID).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /** The node id of the metadata quorum's leader, if one is known here. */
  public Optional<Integer> quorumLeader() {
    try {
      RaftPeerId leader = server.getDivision(GROUP_ID).getInfo().getLeaderId();
      return leader == null ? Optional.empty() : Optional.of(Integer.parseInt(leader.toString()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public int nodeId() {
    return nodeId;
  }

  /**
   * Stops heartbeating (unless {@link #leaveForShutdown} fenced this node first, the quorum fences it
   * after its session timeout), the client and the Raft server. Takes about a second: Ratis 3.2's log
   * worker polls its queue once a second and is only stopped when that poll returns.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      client.close();
    } catch (IOException e) {
      LOG.warn("closing the metadata quorum client of node {}: {}", nodeId, e.toString());
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("closing the metadata quorum server of node {}: {}", nodeId, e.toString());
    }
  }
}
