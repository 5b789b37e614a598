package io.runnel.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SerdesTest {
  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void numbersAreBigEndianLikeKafkasSerializers() {
    assertThat(hex(Serdes.longs().serialize(1L))).isEqualTo("0000000000000001");
    assertThat(hex(Serdes.longs().serialize(-2L))).isEqualTo("fffffffffffffffe");
    assertThat(hex(Serdes.integers().serialize(256))).isEqualTo("00000100");
    assertThat(hex(Serdes.doubles().serialize(1.0))).isEqualTo("3ff0000000000000");

    assertThat(Serdes.longs().deserialize(Serdes.longs().serialize(Long.MIN_VALUE)))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(Serdes.integers().deserialize(Serdes.integers().serialize(-7))).isEqualTo(-7);
    assertThat(Serdes.doubles().deserialize(Serdes.doubles().serialize(-0.5))).isEqualTo(-0.5);
  }

  @Test
  void aNumberOfTheWrongSizeIsAnError() {
    assertThatThrownBy(() -> Serdes.longs().deserialize(new byte[4]))
        .isInstanceOf(SerdeException.class)
        .hasMessage("cannot deserialize a Long: expected 8 bytes, got 4");
  }

  @Test
  void stringsAndUuidsAreUtf8Text() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    assertThat(Serdes.string().serialize("héllo"))
        .isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(Serdes.uuid().serialize(id), StandardCharsets.UTF_8))
        .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(Serdes.uuid().deserialize(Serdes.uuid().serialize(id))).isEqualTo(id);
    assertThatThrownBy(() -> Serdes.uuid().deserialize("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void nullMapsToNullEverywhere() {
    for (Serde<?> serde :
        List.of(
            Serdes.string(),
            Serdes.longs(),
            Serdes.integers(),
            Serdes.doubles(),
            Serdes.byteArray(),
            Serdes.bytes(),
            Serdes.byteBuffer(),
            Serdes.uuid(),
            Serdes.voidSerde(),
            Serdes.json(Order.class),
            Serdes.kryo())) {
      assertThat(serde.deserialize(null)).isNull();
    }
    assertThat(Serdes.string().serialize(null)).isNull();
    assertThat(Serdes.kryo().serialize(null)).isNull();
    assertThat(Serdes.json(Order.class).serialize(null)).isNull();
  }

  @Test
  void byteBuffersSerializeTheirRemainingBytesWithoutMovingThem() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
    buffer.position(1);

    assertThat(Serdes.byteBuffer().serialize(buffer)).containsExactly(2, 3, 4);
    assertThat(buffer.position()).isEqualTo(1);
  }

  @Test
  void voidAcceptsOnlyNull() {
    assertThat(Serdes.voidSerde().serialize(null)).isNull();
    assertThatThrownBy(() -> Serdes.voidSerde().deserialize(new byte[1]))
        .isInstanceOf(SerdeException.class);
  }

  record Order(String id, long amount, Instant at, List<String> tags) {}

  @Test
  void jsonRoundTripsRecordsAsReadableJson() {
    Order order = new Order("o-1", 250, Instant.parse("2024-01-02T03:04:05Z"), List.of("x", "y"));
    JsonSerde<Order> serde = Serdes.json(Order.class);

    byte[] bytes = serde.serialize(order);

    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":\"o-1\",\"amount\":250,"
                + "\"at\":\"2024-01-02T03:04:05Z\",\"tags\":[\"x\",\"y\"]}");
    assertThat(serde.deserialize(bytes)).isEqualTo(order);
  }

  @Test
  void jsonIgnoresUnknownFieldsAndReportsBadInput() {
    JsonSerde<Order> serde = Serdes.json(Order.class);

    assertThat(
            serde.deserialize(
                "{\"id\":\"o\",\"amount\":1,\"extra\":true}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new Order("o", 1, null, null));
    assertThatThrownBy(() -> serde.deserialize("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining(Order.class.getName());
  }
}
