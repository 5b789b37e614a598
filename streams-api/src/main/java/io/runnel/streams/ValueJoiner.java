package io.runnel.streams;

/**
 * Combines the values of two joined records into the result's value. In a left or outer join the
 * missing side is null. Called on the stream thread of the record's task.
 *
 * @param <V1> the left (this) side's value type
 * @param <V2> the right (other) side's value type
 * @param <VR> the result's value type
 */
@FunctionalInterface
public interface ValueJoiner<V1, V2, VR> {

  /** The joined value. */
  VR apply(V1 left, V2 right);
}
