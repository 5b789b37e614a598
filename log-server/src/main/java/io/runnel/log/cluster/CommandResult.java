package io.runnel.log.cluster;

import io.runnel.log.server.MetadataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The outcome of applying a command, sent back to the node that submitted it: success with a value
 * (a cluster id, a first producer id) or the refusal reason and message. Layout: {@code
 * reason:int8 (-1 = success, else MetadataException.Reason ordinal) message:str value:int64}.
 * Immutable.
 */
public record CommandResult(MetadataException.Reason refusal, String message, long value) {

  static CommandResult ok(String message, long value) {
    return new CommandResult(null, message, value);
  }

  static CommandResult refused(MetadataException.Reason reason, String message) {
    return new CommandResult(reason, message, -1);
  }

  public boolean succeeded() {
    return refusal == null;
  }

  /** This result's value, or the refusal as the exception a caller of the topic operations expects. */
  public CommandResult orThrow() {
    if (refusal != null) {
      throw new MetadataException(refusal, message);
    }
    return this;
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(refusal == null ? -1 : refusal.ordinal());
      out.writeUTF(message == null ? "" : message);
      out.writeLong(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static CommandResult decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int reason = in.readByte();
      String message = in.readUTF();
      long value = in.readLong();
      return new CommandResult(reason < 0 ? null : MetadataException.Reason.values()[reason], message, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a metadata quorum reply", e);
    }
  }
}
