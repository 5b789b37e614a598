package io.runnel.samples;

import io.runnel.samples.dataintegration.DataIntegrationSample;
import io.runnel.samples.eventsourcing.EventSourcingSample;
import io.runnel.samples.logs.LogAggregationSample;
import io.runnel.samples.microservices.MicroservicesSample;
import io.runnel.samples.wordcount.WordCountSample;
import java.util.List;
import java.util.Optional;

/** Every sample, in the order the README presents them. */
public final class Samples {
  private Samples() {}

  /** All samples. */
  public static List<Sample> all() {
    return List.of(
        new WordCountSample(),
        new LogAggregationSample(),
        new DataIntegrationSample(),
        new EventSourcingSample(),
        new MicroservicesSample());
  }

  /** The sample called {@code name}, if there is one. */
  public static Optional<Sample> named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
