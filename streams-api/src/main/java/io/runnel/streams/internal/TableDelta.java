package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import java.util.Arrays;

/**
 * A row's value joining ({@code subtract == false}) or leaving a group of a re-grouped table, as it
 * travels through the repartition topic. On the wire: one flag byte (0 add, 1 subtract), then the
 * value serde's bytes.
 *
 * @param subtract whether the value leaves the group
 * @param value the row's selected value, never null
 */
record TableDelta(boolean subtract, Object value) {

  /** The wire format above, over {@code valueSerde}. Stateless; thread-safe. */
  static Serde<Object> serde(Serde<Object> valueSerde) {
    return Serde.of(
        delta -> {
          TableDelta d = (TableDelta) delta;
          byte[] bytes = valueSerde.serialize(d.value());
          byte[] out = new byte[bytes.length + 1];
          out[0] = (byte) (d.subtract() ? 1 : 0);
          System.arraycopy(bytes, 0, out, 1, bytes.length);
          return out;
        },
        bytes ->
            new TableDelta(
                bytes[0] == 1, valueSerde.deserialize(Arrays.copyOfRange(bytes, 1, bytes.length))));
  }
}
