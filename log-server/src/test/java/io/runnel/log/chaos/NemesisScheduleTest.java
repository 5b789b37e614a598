package io.runnel.log.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NemesisScheduleTest {
  @Test
  void theSameSeedGivesTheSameFaultsAndAnotherSeedOthers() {
    List<Nemesis.Fault> a = Nemesis.schedule(8, 60_000, 3);
    assertThat(Nemesis.schedule(8, 60_000, 3)).isEqualTo(a);
    assertThat(Nemesis.schedule(9, 60_000, 3)).isNotEqualTo(a);
  }

  @Test
  void aScheduleFillsItsTimeWithEveryKindOnEveryNodeWithinTheBounds() {
    List<Nemesis.Fault> faults = Nemesis.schedule(8, 600_000, 3);
    long total = faults.stream().mapToLong(f -> f.faultMs() + f.calmMs()).sum();
    assertThat(total).isGreaterThanOrEqualTo(600_000).isLessThan(600_000 + 9_001);
    assertThat(faults.stream().map(Nemesis.Fault::kind).collect(Collectors.toSet()))
        .isEqualTo(Set.of(Nemesis.Kind.values()));
    assertThat(faults.stream().map(Nemesis.Fault::node).collect(Collectors.toSet())).isEqualTo(Set.of(1, 2, 3));
    assertThat(faults).allSatisfy(f -> {
      assertThat(f.faultMs()).isBetween(1_000L, 5_000L);
      assertThat(f.calmMs()).isBetween(1_000L, 4_000L);
    });
  }
}
