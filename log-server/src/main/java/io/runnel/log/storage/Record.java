package io.runnel.log.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record of a batch, decoded: its absolute offset and timestamp, key, value and headers. A
 * {@code null} key or value is Kafka's null (length -1); a {@code null} value is a tombstone.
 */
public record Record(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {

  public Record {
    headers = List.copyOf(headers);
  }

  /** A record header: a string key and a byte value that may be null. */
  public record Header(String key, byte[] value) {
    public Header {
      Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + Arrays.hashCode(value);
    }
  }

  public boolean isTombstone() {
    return value == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Record r
        && offset == r.offset
        && timestamp == r.timestamp
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(offset, timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
  }

  @Override
  public String toString() {
    return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key="
        + (key == null ? "null" : key.length + " bytes") + ", value="
        + (value == null ? "null" : value.length + " bytes") + ")";
  }
}
