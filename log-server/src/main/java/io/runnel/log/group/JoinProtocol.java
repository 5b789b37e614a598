package io.runnel.log.group;

import java.util.Arrays;
import java.util.Objects;

/**
 * One protocol a member offers in JoinGroup: its name (for consumers, an assignor such as {@code
 * range}) and its opaque metadata (for consumers, the subscription). Immutable: the metadata is
 * copied in and out.
 */
public record JoinProtocol(String name, byte[] metadata) {
  public JoinProtocol {
    Objects.requireNonNull(name, "protocol name");
    metadata = metadata == null ? new byte[0] : metadata.clone();
  }

  @Override
  public byte[] metadata() {
    return metadata.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JoinProtocol p && name.equals(p.name) && Arrays.equals(metadata, p.metadata);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(metadata);
  }

  @Override
  public String toString() {
    return name + "(" + metadata.length + " bytes)";
  }
}
