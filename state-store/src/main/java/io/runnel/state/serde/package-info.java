/**
 * Serdes: {@link io.runnel.state.serde.Serde} and the built-ins of {@link
 * io.runnel.state.serde.Serdes} (strings, numbers, bytes, UUIDs, JSON through Jackson, Kryo).
 *
 * <p>Invariants: null maps to null both ways; number encodings match Kafka's serializers byte for
 * byte; Kryo refuses unregistered classes unless told otherwise, with an error naming the class and
 * how to register it.
 *
 * <p>Threading: every serde is immutable and may be used from any number of threads at once.
 */
package io.runnel.state.serde;
