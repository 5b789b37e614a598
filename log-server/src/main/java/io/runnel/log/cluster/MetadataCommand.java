package io.runnel.log.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A change of the cluster metadata, as it is written to the Raft log. Every command is one entry:
 *
 * <pre>
 *   type:int8  fields...          (DataOutput encoding: int32/int64 big-endian, strings as modified UTF-8)
 *   1 InitCluster     clusterId:str
 *   2 RegisterBroker  nodeId:int32 host:str port:int32
 *   3 FenceBroker     nodeId:int32
 *   4 CreateTopic     name:str idMsb:int64 idLsb:int64 partitions:int32 replicationFactor:int16
 *                     pinnedNode:int32 (-1: spread over live brokers) configs
 *   5 DeleteTopic     name:str
 *   6 AddPartitions   name:str newCount:int32
 *   7 SetConfigs      name:str configs
 *   8 AllocateProducerIds  atLeast:int64 count:int32
 *   9 AlterIsr        topic:str partition:int32 leader:int32 leaderEpoch:int32 isr:int32 (id:int32)*
 *  10 ConfirmLeader   topic:str partition:int32 leader:int32 leaderEpoch:int32 (changes nothing)
 *  11 ElectLeaders    unclean:bool count:int32 (topic:str partition:int32)*
 *  16 ElectPreferredLeaders  (no fields)
 *   configs = count:int32 (key:str value:str)*
 * </pre>
 *
 * Applying a command is deterministic ({@link MetadataImage#apply}): every replica reaches the
 * same image. Immutable.
 */
public sealed interface MetadataCommand {

  /** Sets the cluster id if none is set yet; the reply carries the cluster id in force. */
  record InitCluster(String clusterId) implements MetadataCommand {}

  /** A broker (re)registers its client endpoint and is unfenced; it leads again what it can lead cleanly. */
  record RegisterBroker(int nodeId, String host, int port) implements MetadataCommand {}

  /**
   * A broker's session timed out, or the broker is stopping cleanly (Kafka's controlled shutdown,
   * submitted by the broker itself): it is fenced, leaves every ISR it is not the last member of, and
   * each partition it led is led by another live in-sync replica in a new epoch, or by none when
   * there is no such replica (the ISR keeps it, so it leads again cleanly when it registers again).
   */
  record FenceBroker(int nodeId) implements MetadataCommand {}

  /** Creates a topic; its partitions go to the live brokers (or all to {@code pinnedNode} when it is 0 or more). */
  record CreateTopic(String name, UUID id, int partitions, short replicationFactor, int pinnedNode,
      Map<String, String> configs) implements MetadataCommand {
    public CreateTopic {
      configs = Map.copyOf(configs);
    }
  }

  record DeleteTopic(String name) implements MetadataCommand {}

  record AddPartitions(String name, int newCount) implements MetadataCommand {}

  /** Replaces the explicit configs of a topic (already validated by the node that submits it). */
  record SetConfigs(String name, Map<String, String> configs) implements MetadataCommand {
    public SetConfigs {
      configs = Map.copyOf(configs);
    }
  }

  /** Reserves {@code count} producer ids starting at {@code atLeast} or later; the reply's value is the first. */
  record AllocateProducerIds(long atLeast, int count) implements MetadataCommand {}

  /**
   * A partition's leader changes its in-sync replicas (Kafka's AlterPartition): applied only while
   * {@code leader} still leads the partition in {@code leaderEpoch}; the ISR must hold the leader
   * and only replicas of the partition.
   */
  record AlterIsr(String topic, int partition, int leader, int leaderEpoch, List<Integer> isr)
      implements MetadataCommand {
    public AlterIsr {
      isr = List.copyOf(isr);
    }
  }

  /**
   * Asks whether {@code leader} still leads the partition in {@code leaderEpoch}, at this point of
   * the metadata log: succeeds if so, is refused with STALE_PARTITION_STATE otherwise, and changes
   * nothing. A node whose own image may be behind (after a pause) learns the truth from it.
   */
  record ConfirmLeader(String topic, int partition, int leader, int leaderEpoch) implements MetadataCommand {}

  /**
   * An election asked for by an operator (Kafka's ElectLeaders): for each listed partition, as
   * {@link MetadataImage#election} decides at this point of the log, its preferred replica leads
   * again, or (unclean) a partition without a leader is led by a live in-sync replica, else by its
   * first live replica with an ISR of that replica alone, accepting the loss of what only the others had.
   */
  record ElectLeaders(boolean unclean, List<Target> partitions) implements MetadataCommand {
    public ElectLeaders {
      partitions = List.copyOf(partitions);
    }

    /** One partition to elect a leader for. */
    public record Target(String topic, int partition) {}
  }

  /**
   * Every partition whose preferred replica (its first) is live, in the ISR and not the leader is
   * led by it again, with a new leader epoch; the reply's value is the number of partitions moved.
   */
  record ElectPreferredLeaders() implements MetadataCommand {}

  /** The bytes of this command in the Raft log. */
  default byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (this instanceof InitCluster c) {
        out.writeByte(1);
        out.writeUTF(c.clusterId());
      } else if (this instanceof RegisterBroker c) {
        out.writeByte(2);
        out.writeInt(c.nodeId());
        out.writeUTF(c.host());
        out.writeInt(c.port());
      } else if (this instanceof FenceBroker c) {
        out.writeByte(3);
        out.writeInt(c.nodeId());
      } else if (this instanceof CreateTopic c) {
        out.writeByte(4);
        out.writeUTF(c.name());
        out.writeLong(c.id().getMostSignificantBits());
        out.writeLong(c.id().getLeastSignificantBits());
        out.writeInt(c.partitions());
        out.writeShort(c.replicationFactor());
        out.writeInt(c.pinnedNode());
        writeConfigs(out, c.configs());
      } else if (this instanceof DeleteTopic c) {
        out.writeByte(5);
        out.writeUTF(c.name());
      } else if (this instanceof AddPartitions c) {
        out.writeByte(6);
        out.writeUTF(c.name());
        out.writeInt(c.newCount());
      } else if (this instanceof SetConfigs c) {
        out.writeByte(7);
        out.writeUTF(c.name());
        writeConfigs(out, c.configs());
      } else if (this instanceof AlterIsr c) {
        out.writeByte(9);
        out.writeUTF(c.topic());
        out.writeInt(c.partition());
        out.writeInt(c.leader());
        out.writeInt(c.leaderEpoch());
        out.writeInt(c.isr().size());
        for (int id : c.isr()) {
          out.writeInt(id);
        }
      } else if (this instanceof ConfirmLeader c) {
        out.writeByte(10);
        out.writeUTF(c.topic());
        out.writeInt(c.partition());
        out.writeInt(c.leader());
        out.writeInt(c.leaderEpoch());
      } else if (this instanceof ElectLeaders c) {
        out.writeByte(11);
        out.writeBoolean(c.unclean());
        out.writeInt(c.partitions().size());
        for (ElectLeaders.Target t : c.partitions()) {
          out.writeUTF(t.topic());
          out.writeInt(t.partition());
        }
      } else if (this instanceof ElectPreferredLeaders) {
        out.writeByte(16);
      } else {
        AllocateProducerIds c = (AllocateProducerIds) this;
        out.writeByte(8);
        out.writeLong(c.atLeast());
        out.writeInt(c.count());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a command written by {@link #encode}.
   *
   * @throws IllegalStateException when the bytes are not a command (a damaged Raft log)
   */
  static MetadataCommand decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int type = in.readByte();
      switch (type) {
        case 1:
          return new InitCluster(in.readUTF());
        case 2:
          return new RegisterBroker(in.readInt(), in.readUTF(), in.readInt());
        case 3:
          return new FenceBroker(in.readInt());
        case 4:
          return new CreateTopic(in.readUTF(), new UUID(in.readLong(), in.readLong()), in.readInt(), in.readShort(),
              in.readInt(), readConfigs(in));
        case 5:
          return new DeleteTopic(in.readUTF());
        case 6:
          return new AddPartitions(in.readUTF(), in.readInt());
        case 7:
          return new SetConfigs(in.readUTF(), readConfigs(in));
        case 8:
          return new AllocateProducerIds(in.readLong(), in.readInt());
        case 9: {
          String topic = in.readUTF();
          int partition = in.readInt();
          int leader = in.readInt();
          int epoch = in.readInt();
          List<Integer> isr = new ArrayList<>();
          for (int n = in.readInt(); n > 0; n--) {
            isr.add(in.readInt());
          }
          return new AlterIsr(topic, partition, leader, epoch, isr);
        }
        case 10:
          return new ConfirmLeader(in.readUTF(), in.readInt(), in.readInt(), in.readInt());
        case 11: {
          boolean unclean = in.readBoolean();
          List<ElectLeaders.Target> targets = new ArrayList<>();
          for (int n = in.readInt(); n > 0; n--) {
            targets.add(new ElectLeaders.Target(in.readUTF(), in.readInt()));
          }
          return new ElectLeaders(unclean, targets);
        }
        case 16:
          return new ElectPreferredLeaders();
        default:
          throw new IllegalStateException("unknown metadata command type " + type + " in the metadata log");
      }
    } catch (IOException e) {
      throw new IllegalStateException("a metadata command in the metadata log cannot be decoded: " + e, e);
    }
  }

  static void writeConfigs(DataOutput out, Map<String, String> configs) throws IOException {
    out.writeInt(configs.size());
    for (Map.Entry<String, String> e : new TreeMap<>(configs).entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
  }

  static Map<String, String> readConfigs(DataInput in) throws IOException {
    int n = in.readInt();
    Map<String, String> configs = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      configs.put(in.readUTF(), in.readUTF());
    }
    return configs;
  }
}
