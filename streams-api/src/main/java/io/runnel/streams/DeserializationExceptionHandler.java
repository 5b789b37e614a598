package io.runnel.streams;

/**
 * Decides what happens when a source cannot deserialize a record's key or value (the
 * {@value StreamsConfig#DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER} setting).
 *
 * <p>Called on the stream thread that read the record; an implementation shared between
 * applications must be thread-safe. Implementations named by class in the configuration need a
 * public no-argument constructor.
 */
public interface DeserializationExceptionHandler {

  /**
   * Decides about one poison record.
   *
   * @param context where the record is in the log
   * @param key the record's key bytes (may be null)
   * @param value the record's value bytes (may be null)
   * @param error what the serde threw
   * @return {@link ErrorResponse#CONTINUE} to skip the record, {@link ErrorResponse#FAIL} to stop
   */
  ErrorResponse handle(ErrorContext context, byte[] key, byte[] value, RuntimeException error);
}
