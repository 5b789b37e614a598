package io.runnel.log.cluster;

import io.runnel.log.storage.InvalidConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The parsed {@code controller.quorum.voters} setting: {@code id@host:port,...}, Kafka's format.
 * Each node's quorum port is the one its {@code node.id} has in the list. Immutable.
 */
public record QuorumVoters(List<Voter> voters) {

  /** One voter of the quorum: its node id and the address its Raft server listens on. */
  public record Voter(int nodeId, String host, int port) {
    @Override
    public String toString() {
      return nodeId + "@" + host + ":" + port;
    }
  }

  public QuorumVoters {
    voters = List.copyOf(voters);
  }

  /**
   * Parses the setting; an empty value gives an empty list (a one-peer quorum of this node alone).
   *
   * @throws InvalidConfigException naming the bad entry and the format
   */
  public static QuorumVoters parse(String text) {
    List<Voter> voters = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return new QuorumVoters(Collections.emptyList());
    }
    for (String raw : text.split(",")) {
      String entry = raw.trim();
      int at = entry.indexOf('@');
      int colon = entry.lastIndexOf(':');
      if (at <= 0 || colon <= at + 1 || colon == entry.length() - 1) {
        throw bad(entry);
      }
      int id;
      int port;
      try {
        id = Integer.parseInt(entry.substring(0, at));
        port = Integer.parseInt(entry.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw bad(entry);
      }
      if (id < 0 || port < 1 || port > 65535) {
        throw bad(entry);
      }
      for (Voter v : voters) {
        if (v.nodeId() == id) {
          throw new InvalidConfigException("controller.quorum.voters names node " + id + " twice; give each node once");
        }
      }
      voters.add(new Voter(id, entry.substring(at + 1, colon), port));
    }
    return new QuorumVoters(voters);
  }

  private static InvalidConfigException bad(String entry) {
    return new InvalidConfigException("invalid entry '" + entry + "' in controller.quorum.voters: use"
        + " id@host:port with a node id of 0 or more and a port of 1 to 65535, e.g. 1@127.0.0.1:9093,2@127.0.0.1:9094");
  }

  public boolean isEmpty() {
    return voters.isEmpty();
  }

  public Optional<Voter> voter(int nodeId) {
    return voters.stream().filter(v -> v.nodeId() == nodeId).findFirst();
  }
}
