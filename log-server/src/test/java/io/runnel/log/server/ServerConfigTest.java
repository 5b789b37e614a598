package io.runnel.log.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.log.storage.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings of the offsets topic, of preferred-leader election and of controlled shutdown: Kafka's names and
 * defaults, bad values named.
 */
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
  void controlledShutdownIsOnByDefaultWithABoundedWait() {
    ServerConfig config = ServerConfig.of(Map.of());
    assertThat(config.controlledShutdownEnable()).isTrue();
    assertThat(config.controlledShutdownTimeoutMs()).isEqualTo(10_000);

    ServerConfig set = ServerConfig.of(Map.of("controlled.shutdown.enable", "false",
        "controlled.shutdown.timeout.ms", "2500"));
    assertThat(set.controlledShutdownEnable()).isFalse();
    assertThat(set.controlledShutdownTimeoutMs()).isEqualTo(2_500);
    assertThat(ServerConfig.keys()).extracting(ServerConfig.Key::name)
        .contains("controlled.shutdown.enable", "controlled.shutdown.timeout.ms");
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    for (Map.Entry<String, String> bad : Map.of("offsets.topic.replication.factor", "0",
        "leader.imbalance.check.interval.seconds", "0", "auto.leader.rebalance.enable", "yes",
        "controlled.shutdown.enable", "yes", "controlled.shutdown.timeout.ms", "0").entrySet()) {
      assertThatThrownBy(() -> ServerConfig.of(Map.of(bad.getKey(), bad.getValue())))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining(bad.getKey())
          .hasMessageContaining("'" + bad.getValue() + "'");
    }
    assertThatThrownBy(() -> ServerConfig.of(Map.of("controlled.shutdown.timeout.ms", "10s")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("controlled.shutdown.timeout.ms").hasMessageContaining("whole number");
    assertThatThrownBy(() -> ServerConfig.of(Map.of("offsets.topic.replication.factor", "40000")))
        .hasMessageContaining("offsets.topic.replication.factor").hasMessageContaining("too large");
  }
}
