package io.runnel.streams.internal;

import io.runnel.streams.StreamsException;

/**
 * A record could not be deserialized and the deserialization handler said to fail. The task passes
 * it on without asking the processing handler.
 */
final class DeserializationFailure extends StreamsException {
  private static final long serialVersionUID = 1L;

  DeserializationFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
