package io.runnel.log.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.log.storage.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of the offsets topic and of preferred-leader election: Kafka's names and defaults, bad values named. */
class ServerConfigTest {

  @Test
  void offsetsTopicAndLeaderRebalanceSettingsHaveKafkasDefaults() {
    ServerConfig config = ServerConfig.of(Map.of());
    assertThat(config.offsetsTopicPartitions()).isEqualTo(50);
    assertThat(config.offsetsTopicReplicationFactor()).isEqualTo((short) 3);
    assertThat(config.autoLeaderRebalance()).isTrue();
    assertThat(config.leaderImbalanceCheckIntervalMs()).isEqualTo(300_000);

    ServerConfig set = ServerConfig.of(Map.of("offsets.topic.replication.factor", "1",
        "auto.leader.rebalance.enable", "false", "leader.imbalance.check.interval.seconds", "2"));
    assertThat(set.offsetsTopicReplicationFactor()).isEqualTo((short) 1);
    assertThat(set.autoLeaderRebalance()).isFalse();
    assertThat(set.leaderImbalanceCheckIntervalMs()).isEqualTo(2_000);
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    for (Map.Entry<String, String> bad : Map.of("offsets.topic.replication.factor", "0",
        "leader.imbalance.check.interval.seconds", "0", "auto.leader.rebalance.enable", "yes").entrySet()) {
      assertThatThrownBy(() -> ServerConfig.of(Map.of(bad.getKey(), bad.getValue())))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining(bad.getKey())
          .hasMessageContaining("'" + bad.getValue() + "'");
    }
    assertThatThrownBy(() -> ServerConfig.of(Map.of("offsets.topic.replication.factor", "40000")))
        .hasMessageContaining("offsets.topic.replication.factor").hasMessageContaining("too large");
  }
}
