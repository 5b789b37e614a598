package io.runnel.streams.internal;

/**
 * A table's change of one key, as a KTable forwards it: the old and the new value, either may be
 * null (insert, delete).
 *
 * @param oldValue the value before, or null
 * @param newValue the value after, or null for a deletion
 */
public record Change(Object oldValue, Object newValue) {}
