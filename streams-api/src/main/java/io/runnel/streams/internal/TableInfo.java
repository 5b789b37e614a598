package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;

/**
 * What the DSL knows about a table while building: the store holding it, if any, its serdes (null
 * for the configured defaults) and, for a windowed table, the windows' grace.
 *
 * @param storeName the key-value or window store holding exactly this table, or null if it is a
 *     view (filtered, mapped, joined, suppressed) that no store holds
 * @param keySerde the key serde; for a windowed table the serde of the key inside {@code Windowed}
 * @param valueSerde the value serde
 * @param windowGraceMs the grace of a windowed table's windows, or -1 if the table is not windowed
 */
record TableInfo(String storeName, Serde<?> keySerde, Serde<?> valueSerde, long windowGraceMs) {

  boolean windowed() {
    return windowGraceMs >= 0;
  }

  /** The same table seen through a view: no store holds it. */
  TableInfo view() {
    return new TableInfo(null, keySerde, valueSerde, windowGraceMs);
  }

  /** A view with values of another type. */
  TableInfo mappedView(Serde<?> serde) {
    return new TableInfo(null, keySerde, serde, windowGraceMs);
  }
}
