package io.runnel.streams;

/**
 * How {@link KTable#suppress} holds back a windowed table's updates. Only {@link
 * #untilWindowCloses()} exists: each window's final value is emitted once, when the task's stream
 * time reaches the window's end plus its grace. The pending values live in a changelogged key-value
 * store ({@code <application.id>-<name>-changelog}), so they survive a restart; values are written
 * with the table's value serde (its {@code Materialized} one, or the configured default after a
 * {@code mapValues}). Immutable.
 *
 * @param <K> key type of the table
 */
public final class Suppressed<K> {
  private final String name;

  private Suppressed(String name) {
    this.name = name;
  }

  /** One final result per window, when it closes. */
  public static <K> Suppressed<K> untilWindowCloses() {
    return new Suppressed<>(null);
  }

  /** The same, with its buffer store named {@code name} ({@code [A-Za-z0-9._-]+}). */
  public Suppressed<K> withName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("suppression name must not be null");
    }
    return new Suppressed<>(name);
  }

  /** The buffer store name, or null for a generated one. */
  public String name() {
    return name;
  }
}
