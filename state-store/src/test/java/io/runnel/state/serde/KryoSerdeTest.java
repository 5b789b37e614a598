package io.runnel.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.StateConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KryoSerdeTest {
  record LineItem(String sku, int quantity) {}

  record Order(String id, List<LineItem> items, Map<String, Long> totals, Customer customer) {}

  /** A plain class with no no-arg constructor. */
  static final class Customer {
    private final String name;
    private final Set<String> emails;

    Customer(String name, Set<String> emails) {
      this.name = name;
      this.emails = emails;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Customer c && c.name.equals(name) && c.emails.equals(emails);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }

  static final class Unregistered {
    int x = 1;
  }

  private static Order order(int i) {
    Map<String, Long> totals = new TreeMap<>();
    totals.put("net", 100L + i);
    totals.put("tax", 20L);
    return new Order(
        "o-" + i,
        List.of(new LineItem("sku-1", i), new LineItem("sku-2", 2)),
        totals,
        new Customer("c-" + i, Set.of("a@example.com")));
  }

  private static final KryoSerde<Order> SERDE =
      Serdes.kryo(Order.class).register(LineItem.class, Customer.class);

  @Test
  void roundTripsRecordsCollectionsAndNestedObjects() {
    Order order = order(3);

    assertThat(SERDE.deserialize(SERDE.serialize(order))).isEqualTo(order);
  }

  @Test
  void roundTripsJdkCollectionsAndValueTypesWithoutRegistration() {
    KryoSerde<Object> serde = Serdes.kryo().register(LineItem.class);
    List<Object> list =
        new ArrayList<>(
            List.of(
                new LineItem("a", 1),
                "text",
                5L,
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                Instant.parse("2024-01-02T03:04:05Z"),
                LocalDate.of(2024, 2, 29),
                new BigDecimal("12.50"),
                Duration.ofSeconds(5),
                new LinkedHashSet<>(List.of(3, 1, 2)),
                new ArrayDeque<>(List.of("x"))));
    Map<String, Object> map = new HashMap<>(Map.of("k", list));

    @SuppressWarnings("unchecked")
    Map<String, List<Object>> back =
        (Map<String, List<Object>>) serde.deserialize(serde.serialize(map));

    assertThat(back.get("k").subList(0, 9)).isEqualTo(list.subList(0, 9));
    assertThat(back.get("k").get(9)).isInstanceOf(ArrayDeque.class).asString().isEqualTo("[x]");
  }

  @Test
  void anUnregisteredClassIsNamedWithBothFixes() {
    KryoSerde<Object> serde = Serdes.kryo();
    String name = Unregistered.class.getName();

    assertThatThrownBy(() -> serde.serialize(new Unregistered()))
        .isInstanceOf(UnregisteredClassException.class)
        .hasMessageStartingWith("class " + name + " is not registered with Kryo")
        .hasMessageContaining("Serdes.kryo().register(" + name + ".class)")
        .hasMessageContaining("'serde.kryo.registrations'")
        .hasMessageContaining("'serde.kryo.registration.required=false'");
  }

  @Test
  void anUnregisteredClassNestedInARegisteredOneIsNamed() {
    KryoSerde<Order> missingCustomer = Serdes.kryo(Order.class).register(LineItem.class);

    assertThatThrownBy(() -> missingCustomer.serialize(order(1)))
        .isInstanceOf(UnregisteredClassException.class)
        .hasMessageStartingWith("class " + Customer.class.getName() + " is not registered");
  }

  @Test
  void bytesNamingAnUnregisteredClassAreRefusedOnRead() {
    byte[] bytes = SERDE.serialize(order(1));
    KryoSerde<Object> stranger = Serdes.kryo();

    assertThatThrownBy(() -> stranger.deserialize(bytes))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("registered in the same order");
  }

  @Test
  void registrationsComeFromConfig() {
    StateConfig config =
        StateConfig.from(
            Map.of(
                StateConfig.KRYO_REGISTRATIONS,
                Order.class.getName()
                    + ", "
                    + LineItem.class.getName()
                    + ","
                    + Customer.class.getName()));
    KryoSerde<Object> serde = KryoSerde.fromConfig(config);

    assertThat(serde.deserialize(serde.serialize(order(2)))).isEqualTo(order(2));
    // Same classes in the same order: the bytes are interchangeable with the coded registration.
    assertThat(SERDE.deserialize(serde.serialize(order(2)))).isEqualTo(order(2));
  }

  @Test
  void registrationCanBeTurnedOffForTrustedData() {
    KryoSerde<Object> open =
        KryoSerde.fromConfig(
            StateConfig.from(Map.of(StateConfig.KRYO_REGISTRATION_REQUIRED, "false")));

    Unregistered back = (Unregistered) open.deserialize(open.serialize(new Unregistered()));

    assertThat(back.x).isEqualTo(1);
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(
            () -> {
              int ok = 0;
              for (int i = 0; i < 2_000; i++) {
                Order order = order(i);
                if (SERDE.deserialize(SERDE.serialize(order)).equals(order)) {
                  ok++;
                }
              }
              return ok;
            });
      }
      for (Future<Integer> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
