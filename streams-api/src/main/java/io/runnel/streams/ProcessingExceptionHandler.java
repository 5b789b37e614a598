package io.runnel.streams;

/**
 * Decides what happens when an operator (a user function, a store, a sink) throws while
 * processing a deserialized record (the {@value StreamsConfig#PROCESSING_EXCEPTION_HANDLER}
 * setting). Outputs the record produced before the failure are not taken back.
 *
 * <p>Called on the stream thread that read the record; an implementation shared between
 * applications must be thread-safe. Implementations named by class in the configuration need a
 * public no-argument constructor.
 */
public interface ProcessingExceptionHandler {

  /**
   * Decides about one record whose processing failed.
   *
   * @param context where the input record that was being processed is in the log
   * @param error what was thrown
   * @return {@link ErrorResponse#CONTINUE} to skip the rest of the record's processing, {@link
   *     ErrorResponse#FAIL} to stop
   */
  ErrorResponse handle(ErrorContext context, RuntimeException error);
}
