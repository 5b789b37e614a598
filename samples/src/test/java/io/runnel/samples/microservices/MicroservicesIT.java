package io.runnel.samples.microservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.samples.SampleHarness;
import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serdes;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The microservices sample against a real log-server: every order gets exactly one reply, its own
 * (the amount and the decision fit the order), matched by correlation id.
 */
@SuppressWarnings("try") // a running sample is a resource the test body does not touch
class MicroservicesIT extends SampleHarness {
  private static final Pattern OUTCOME =
      Pattern.compile(
          "orders: +order #(\\d+) (\\w+) +(\\d+)\\.(\\d\\d) (PAID|DECLINED \\(([^)]*)\\)), payment"
              + " (\\w{8})(.*)");
  private static final Pattern PLACED =
      Pattern.compile(
          "orders: +order #(\\d+) (\\w+) +(\\d+\\.\\d\\d) placed, payment (\\w{8}) requested");

  private List<Matcher> outcomes() {
    return printedLines().stream().map(OUTCOME::matcher).filter(Matcher::matches).toList();
  }

  @Test
  void everyOrderGetsExactlyItsOwnReply() throws Exception {
    int orders = 30;
    try (AutoCloseable sample =
        new MicroservicesSample()
            .start(context(Map.of("orders", "30", "order.interval.ms", "20", "seed", "3")))) {
      await(orders + " orders answered", () -> outcomes().size() == orders);
    }
    List<Matcher> outcomes = outcomes();
    assertThat(outcomes.stream().map(m -> Integer.parseInt(m.group(1))))
        .as("each order answered once")
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, orders).boxed().toList());
    Map<String, String> requestedBy =
        printedLines().stream()
            .map(PLACED::matcher)
            .filter(Matcher::matches)
            .collect(Collectors.toMap(m -> m.group(1), m -> m.group(4)));
    int declined = 0;
    for (Matcher m : outcomes) {
      String order = "order #" + m.group(1);
      String customer = m.group(2);
      long cents = Long.parseLong(m.group(3)) * 100 + Long.parseLong(m.group(4));
      assertThat(m.group(8)).as(order + " got a reply for another amount").isEmpty();
      assertThat(m.group(7))
          .as(order + " matched by its own correlation id")
          .isEqualTo(requestedBy.get(m.group(1)));
      if (customer.equals("mallory")) {
        assertThat(m.group(6)).as(order).isEqualTo("card blocked");
      } else if (cents > 50_000) {
        assertThat(m.group(6)).as(order).isEqualTo("over the 500.00 limit");
      } else {
        assertThat(m.group(5)).as(order).isEqualTo("PAID");
      }
      declined += m.group(6) == null ? 0 : 1;
    }
    assertThat(declined).as("some declined").isPositive().isLessThan(orders);
    assertThat(printed()).doesNotContain("matches no pending order").doesNotContain("cancelled");

    List<KeyValue<String, PaymentRequest>> requests =
        readTopic(
            MicroservicesSample.REQUESTS_TOPIC, Serdes.string(), Serdes.json(PaymentRequest.class));
    List<KeyValue<String, PaymentReply>> replies =
        readTopic(
            MicroservicesSample.REPLIES_TOPIC, Serdes.string(), Serdes.json(PaymentReply.class));
    assertThat(replies).hasSize(orders);
    assertThat(replies).allMatch(r -> r.key().equals(r.value().correlationId()));
    assertThat(replies.stream().map(r -> r.value().correlationId()))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            requests.stream().map(r -> r.value().correlationId()).toList());
  }
}
