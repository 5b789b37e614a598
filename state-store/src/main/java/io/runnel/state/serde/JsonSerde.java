package io.runnel.state.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Objects;

/**
 * JSON through Jackson, for Java records and POJOs (and java.time values as ISO-8601 text). Unknown
 * properties are ignored when reading, so a field added by a newer version of the app does not
 * break an older one.
 *
 * <p>Immutable and thread-safe (a configured {@link ObjectMapper} is).
 *
 * @param <T> the value type
 */
public final class JsonSerde<T> implements Serde<T> {
  private static final ObjectMapper DEFAULT_MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final ObjectMapper mapper;
  private final JavaType type;

  private JsonSerde(ObjectMapper mapper, JavaType type) {
    this.mapper = mapper;
    this.type = type;
  }

  /** A serde for {@code type} with the default mapper. */
  public static <T> JsonSerde<T> of(Class<T> type) {
    return of(type, DEFAULT_MAPPER);
  }

  /** A serde for {@code type} with a mapper of your own; do not reconfigure it afterwards. */
  public static <T> JsonSerde<T> of(Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    return new JsonSerde<>(mapper, mapper.constructType(type));
  }

  @Override
  public byte[] serialize(T value) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new SerdeException("cannot serialize a " + type.toCanonical() + " to JSON", e);
    }
  }

  @Override
  public T deserialize(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException e) {
      throw new SerdeException("cannot deserialize a " + type.toCanonical() + " from JSON", e);
    }
  }
}
