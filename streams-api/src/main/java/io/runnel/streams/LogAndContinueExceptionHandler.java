package io.runnel.streams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a warning naming the record's task, topic, partition and offset, and skips the record
 * ({@code log-and-continue}). Stateless; thread-safe.
 */
public final class LogAndContinueExceptionHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LogAndContinueExceptionHandler.class);

  @Override
  public ErrorResponse handle(
      ErrorContext context, byte[] key, byte[] value, RuntimeException error) {
    LOG.warn(
        "skipping a record that cannot be deserialized: {}: {}",
        context.describe(),
        error.toString());
    return ErrorResponse.CONTINUE;
  }

  @Override
  public ErrorResponse handle(ErrorContext context, RuntimeException error) {
    LOG.warn(
        "skipping a record whose processing failed: {}: {}", context.describe(), error.toString());
    return ErrorResponse.CONTINUE;
  }
}
