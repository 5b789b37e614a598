package io.runnel.log.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The subscription as kafka-clients itself writes it, at every version it writes. */
class ConsumerSubscriptionTest {

  @Test
  void readsTheTopicsOfEverySubscriptionVersionKafkaClientsWrites() {
    Subscription subscription = new Subscription(List.of("orders", "payments"), ByteBuffer.wrap(new byte[] {9, 9}),
        List.of(new TopicPartition("orders", 1)), 4, Optional.of("rack-a"));
    for (short version = 0; version <= 3; version++) {
      ByteBuffer bytes = ConsumerProtocol.serializeSubscription(subscription, version);
      byte[] metadata = new byte[bytes.remaining()];
      bytes.get(metadata);

      assertThat(ConsumerSubscription.topics(metadata)).as("version %d", version)
          .contains(List.of("orders", "payments"));
    }
  }

  @Test
  void bytesThatAreNotASubscriptionGiveNothing() {
    assertThat(ConsumerSubscription.topics(new byte[0])).isEmpty();
    assertThat(ConsumerSubscription.topics(new byte[] {0, 0, 0, 0, 0, 5, 0, 3, 'a'})).isEmpty();
    assertThat(ConsumerSubscription.topics(new byte[] {0, 0, 127, 0, 0, 0})).isEmpty();
  }
}
