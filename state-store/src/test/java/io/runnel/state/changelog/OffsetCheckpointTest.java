package io.runnel.state.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.StateStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetCheckpointTest {
  @TempDir Path taskDir;

  @Test
  void aMissingFileMeansNoCheckpoint() {
    OffsetCheckpoint checkpoint = new OffsetCheckpoint(taskDir);

    assertThat(checkpoint.read()).isEmpty();
    assertThat(checkpoint.offset("counts")).isEqualTo(OffsetCheckpoint.NONE);
  }

  @Test
  void writtenOffsetsReadBackAndReplaceTheOldOnes() throws IOException {
    OffsetCheckpoint checkpoint = new OffsetCheckpoint(taskDir);
    checkpoint.write(Map.of("counts", 41L, "clicks", 1000L));
    checkpoint.write(Map.of("counts", 42L));

    assertThat(new OffsetCheckpoint(taskDir).read()).containsExactly(Map.entry("counts", 42L));
    assertThat(Files.readString(taskDir.resolve(".checkpoint"))).isEqualTo("0\n1\ncounts 42\n");
    assertThat(taskDir.resolve(".checkpoint.tmp")).doesNotExist();
  }

  @Test
  void aMalformedFileIsAnErrorNamingIt() throws IOException {
    Files.writeString(taskDir.resolve(".checkpoint"), "0\n2\ncounts 41\n");

    assertThatThrownBy(() -> new OffsetCheckpoint(taskDir).read())
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(taskDir.resolve(".checkpoint").toString())
        .hasMessageContaining("line 2 says 2 entries but 1 follow");
  }

  @Test
  void deleteRemovesTheFile() {
    OffsetCheckpoint checkpoint = new OffsetCheckpoint(taskDir);
    checkpoint.write(Map.of("counts", 1L));

    checkpoint.delete();

    assertThat(checkpoint.path()).doesNotExist();
  }
}
