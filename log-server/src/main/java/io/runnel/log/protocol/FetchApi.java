package io.runnel.log.protocol;

import io.runnel.log.server.Broker;
import io.runnel.log.server.Partition;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.FileSlice;
import io.runnel.log.storage.LogReadResult;
import io.runnel.log.storage.OffsetOutOfRangeException;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * Fetch for consumers and followers: reads each partition from its fetch offset, up to partition_max_bytes and
 * the request's max_bytes overall (the first partition with data gets at least one whole batch),
 * and hands the file ranges to the socket without copying ({@link ZeroCopyRecords}). With fewer
 * than min_bytes available it parks until an append to one of its partitions brings enough, or
 * max_wait_ms passes. Every fetch is a full fetch: the response carries session id 0, so clients
 * do not open incremental fetch sessions.
 *
 * <p>A consumer reads only below the high watermark; a follower (a request with a replica id) reads
 * up to the log end, and its fetch offset is its log end offset, which the partition records to move
 * the high watermark and the ISR. A current leader epoch older than the partition's gives
 * FENCED_LEADER_EPOCH, a newer one UNKNOWN_LEADER_EPOCH. Responses carry the high watermark, the
 * last stable offset (the same: there are no transactions) and the log start offset.
 */
final class FetchApi {
  private final Broker broker;
  private final AppendWatchers watchers;
  private final ScheduledExecutorService timer;

  private FetchApi(Broker broker, AppendWatchers watchers, ScheduledExecutorService timer) {
    this.broker = broker;
    this.watchers = watchers;
    this.timer = timer;
  }

  static void register(ApiTable table, Broker broker, AppendWatchers watchers, ScheduledExecutorService timer) {
    FetchApi api = new FetchApi(broker, watchers, timer);
    table.register(ApiKeys.FETCH, 4, 17, (ctx, req) -> api.handle(((FetchRequest) req).data(), ctx.version()));
  }

  /** The fetching replica's node id, or -1 for a consumer. */
  private static int replicaId(FetchRequestData data, short version) {
    return version >= 15 ? data.replicaState().replicaId() : data.replicaId();
  }

  /** One requested partition, resolved. */
  private record Wanted(FetchRequestData.FetchTopic topic, FetchRequestData.FetchPartition partition,
      Optional<Topic> resolved) {}

  private CompletableFuture<FetchResponseData> handle(FetchRequestData data, short version) {
    int replicaId = replicaId(data, version);
    List<Wanted> wanted = new ArrayList<>();
    List<TopicPartition> partitions = new ArrayList<>();
    for (FetchRequestData.FetchTopic t : data.topics()) {
      Optional<Topic> topic = version >= 13
          ? broker.topics().stream().filter(x -> Uuids.toKafka(x.id()).equals(t.topicId())).findFirst()
          : broker.topic(t.topic());
      for (FetchRequestData.FetchPartition p : t.partitions()) {
        wanted.add(new Wanted(t, p, topic));
        if (topic.isPresent() && p.partition() >= 0) {
          partitions.add(new TopicPartition(topic.get().name(), p.partition()));
          if (replicaId >= 0) {
            // Only a follower in the leader's current epoch has truncated to match it: only its
            // position counts for the high watermark and the ISR.
            long now = System.currentTimeMillis();
            broker.partition(topic.get().name(), p.partition())
                .filter(part -> p.currentLeaderEpoch() == part.leaderEpoch())
                .ifPresent(part -> part.followerFetched(replicaId, p.fetchOffset(), now));
          }
        }
      }
    }
    Read first = read(data, wanted, replicaId >= 0);
    if (first.bytes >= data.minBytes() || data.maxWaitMs() <= 0 || first.hasError || partitions.isEmpty()) {
      return CompletableFuture.completedFuture(first.response);
    }
    CompletableFuture<FetchResponseData> future = new CompletableFuture<>();
    AtomicBoolean done = new AtomicBoolean();
    AppendWatchers.Watcher watcher = watchers.watch(partitions, () -> {
      if (done.get()) {
        return true;
      }
      Read again = read(data, wanted, replicaId >= 0);
      if (again.bytes >= data.minBytes() && done.compareAndSet(false, true)) {
        future.complete(again.response);
        return true;
      }
      return done.get();
    });
    timer.schedule(() -> {
      if (done.compareAndSet(false, true)) {
        watcher.cancel();
        future.complete(read(data, wanted, replicaId >= 0).response);
      }
    }, data.maxWaitMs(), TimeUnit.MILLISECONDS);
    // An append may have landed between the first read and the watch: look once more.
    Read again = read(data, wanted, replicaId >= 0);
    if (again.bytes >= data.minBytes() && done.compareAndSet(false, true)) {
      watcher.cancel();
      future.complete(again.response);
    }
    return future;
  }

  private static final class Read {
    final FetchResponseData response;
    final int bytes;
    final boolean hasError;

    Read(FetchResponseData response, int bytes, boolean hasError) {
      this.response = response;
      this.bytes = bytes;
      this.hasError = hasError;
    }
  }

  private Read read(FetchRequestData data, List<Wanted> wanted, boolean follower) {
    List<FetchResponseData.FetchableTopicResponse> topics = new ArrayList<>();
    FetchResponseData.FetchableTopicResponse current = null;
    FetchRequestData.FetchTopic currentSource = null;
    int budget = data.maxBytes() > 0 ? data.maxBytes() : Integer.MAX_VALUE;
    int total = 0;
    boolean hasError = false;
    for (Wanted w : wanted) {
      if (currentSource != w.topic()) {
        currentSource = w.topic();
        current = new FetchResponseData.FetchableTopicResponse().setTopic(w.topic().topic())
            .setTopicId(w.topic().topicId() == null ? Uuid.ZERO_UUID : w.topic().topicId());
        topics.add(current);
      }
      FetchResponseData.PartitionData out = new FetchResponseData.PartitionData()
          .setPartitionIndex(w.partition().partition())
          .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1);
      current.partitions().add(out);
      if (w.resolved().isEmpty()) {
        out.setErrorCode((w.topic().topic() == null || w.topic().topic().isEmpty()
            ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        hasError = true;
        continue;
      }
      Optional<Partition> partition = broker.partition(w.resolved().get().name(), w.partition().partition());
      if (partition.isEmpty() || !partition.get().isLeader()) {
        out.setErrorCode(StorageErrors.missingPartition(broker, w.resolved().get().name(), w.partition().partition())
            .code());
        hasError = true;
        continue;
      }
      Errors epochError = LeaderEpochs.check(w.partition().currentLeaderEpoch(), partition.get().leaderEpoch());
      if (epochError != Errors.NONE) {
        out.setErrorCode(epochError.code());
        hasError = true;
        continue;
      }
      PartitionLog l = partition.get().log();
      long hw = partition.get().highWatermark();
      long end = follower ? l.logEndOffset() : hw;
      out.setHighWatermark(hw).setLastStableOffset(hw).setLogStartOffset(l.logStartOffset());
      int limit = Math.min(w.partition().partitionMaxBytes(), budget - total);
      if (limit <= 0 && total > 0) {
        continue;
      }
      try {
        LogReadResult result = l.read(w.partition().fetchOffset(), Math.max(limit, 1), end);
        if (result.slice().isPresent()) {
          FileSlice slice = result.slice().get();
          out.setRecords(new ZeroCopyRecords(slice));
          total += slice.size();
        }
        out.setErrorCode(Errors.NONE.code());
      } catch (OffsetOutOfRangeException e) {
        out.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
        hasError = true;
      }
    }
    for (FetchResponseData.FetchableTopicResponse t : topics) {
      for (FetchResponseData.PartitionData p : t.partitions()) {
        if (p.records() == null) {
          p.setRecords(org.apache.kafka.common.record.internal.MemoryRecords.EMPTY);
        }
      }
    }
    FetchResponseData response = new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0)
        .setResponses(topics);
    return new Read(response, total, hasError);
  }
}
