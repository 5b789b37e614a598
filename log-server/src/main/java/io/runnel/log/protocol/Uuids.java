package io.runnel.log.protocol;

import java.util.UUID;
import org.apache.kafka.common.Uuid;

/** Converts between our topic ids (java.util.UUID) and Kafka's {@link Uuid}. */
final class Uuids {
  private Uuids() {}

  static Uuid toKafka(UUID id) {
    return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  static UUID fromKafka(Uuid id) {
    return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }
}
