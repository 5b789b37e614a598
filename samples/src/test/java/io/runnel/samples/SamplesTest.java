package io.runnel.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The registry the cli lists and runs samples from. */
class SamplesTest {

  @Test
  void listsEverySampleOnceByName() {
    assertThat(Samples.all().stream().map(Sample::name))
        .doesNotHaveDuplicates()
        .contains(
            "word-count", "log-aggregation", "data-integration", "event-sourcing", "microservices");
    assertThat(Samples.named("event-sourcing"))
        .get()
        .extracting(Sample::description)
        .asString()
        .contains("balances");
    assertThat(Samples.named("no-such-sample")).isEmpty();
  }
}
