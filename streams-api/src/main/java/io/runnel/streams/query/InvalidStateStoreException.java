package io.runnel.streams.query;

import io.runnel.streams.StreamsException;

/**
 * A state store cannot be queried right now: the application is rebalancing, restoring, not yet
 * running or shutting down. Retriable: ask again later (after the state returns to {@code
 * RUNNING}), possibly on another instance ({@code queryMetadataForKey}).
 */
public class InvalidStateStoreException extends StreamsException {
  /** An exception naming the store and why it is unavailable. */
  public InvalidStateStoreException(String message) {
    super(message);
  }
}
