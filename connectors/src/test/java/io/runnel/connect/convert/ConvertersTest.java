package io.runnel.connect.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.Converter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvertersTest {
  @Test
  void stringRoundTripsUtf8() {
    Converter c = Converters.named("value.converter", "string");
    byte[] bytes = c.fromConnectData("t", "grüße");
    assertThat(bytes).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
    assertThat(c.toConnectData("t", bytes)).isEqualTo("grüße");
    assertThat(c.fromConnectData("t", null)).isNull();
    assertThat(c.toConnectData("t", null)).isNull();
  }

  @Test
  void jsonRoundTripsMapsListsAndNumbers() {
    Converter c = Converters.named("value.converter", "json");
    Map<String, Object> value = Map.of("id", 7, "tags", List.of("a", "b"), "ok", true);
    Object back = c.toConnectData("t", c.fromConnectData("t", value));
    assertThat(back).isEqualTo(value);
    assertThat(new String(c.fromConnectData("t", List.of(1, 2)), StandardCharsets.UTF_8))
        .isEqualTo("[1,2]");
  }

  @Test
  void invalidJsonNamesTheTopic() {
    Converter c = new JsonConverter();
    assertThatThrownBy(
            () -> c.toConnectData("orders", "{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("'orders'");
  }

  @Test
  void bytesPassThroughAndRejectOtherValues() {
    Converter c = Converters.named("value.converter", "bytes");
    byte[] bytes = {1, 2, 3};
    assertThat(c.fromConnectData("t", bytes)).isSameAs(bytes);
    assertThat(c.toConnectData("t", bytes)).isSameAs(bytes);
    assertThatThrownBy(() -> c.fromConnectData("t", "text"))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("byte[]");
  }

  @Test
  void anUnknownConverterNamesTheKey() {
    assertThatThrownBy(() -> Converters.named("key.converter", "avro"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'key.converter'")
        .hasMessageContaining("avro");
    assertThat(Converters.named("key.converter", StringConverter.class.getName()))
        .isInstanceOf(StringConverter.class);
  }
}
