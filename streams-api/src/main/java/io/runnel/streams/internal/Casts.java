package io.runnel.streams.internal;

/**
 * The one unchecked cast of the runtime: processors pass keys and values as {@code Object}, and the
 * DSL, which built the graph with matching generic types, casts them back for user functions.
 */
public final class Casts {
  private Casts() {}

  /** {@code value} as {@code T}; the DSL's types guarantee it. */
  @SuppressWarnings("unchecked")
  public static <T> T cast(Object value) {
    return (T) value;
  }
}
