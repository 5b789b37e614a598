package io.runnel.log.archfixture;

import org.apache.kafka.common.message.ApiVersionsRequestData;

/** A deliberate violation (the Kafka codec outside the protocol package) that the rules must report. */
public final class StorageImportingKafkaCodec {
  public static Object request() {
    return new ApiVersionsRequestData();
  }
}
