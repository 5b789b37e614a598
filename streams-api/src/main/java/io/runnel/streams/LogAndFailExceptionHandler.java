package io.runnel.streams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an error naming the record's task, topic, partition and offset, and stops the application
 * ({@code log-and-fail}, the default). Stateless; thread-safe.
 */
public final class LogAndFailExceptionHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LogAndFailExceptionHandler.class);

  @Override
  public ErrorResponse handle(
      ErrorContext context, byte[] key, byte[] value, RuntimeException error) {
    LOG.error(
        "a record cannot be deserialized: {}: {}", context.describe(), error.toString());
    return ErrorResponse.FAIL;
  }

  @Override
  public ErrorResponse handle(ErrorContext context, RuntimeException error) {
    LOG.error(
        "processing a record failed: {}: {}", context.describe(), error.toString());
    return ErrorResponse.FAIL;
  }
}
