package io.runnel.streams;

/** The streams runtime failed; the message names the topic, partition, task or store involved. */
public class StreamsException extends RuntimeException {
  /** An exception naming the thing that failed. */
  public StreamsException(String message) {
    super(message);
  }

  /** An exception naming the thing that failed, and its cause. */
  public StreamsException(String message, Throwable cause) {
    super(message, cause);
  }
}
