package io.runnel.log.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A partition's checkpoint file, {@code runnel.checkpoint} in its directory:
 *
 * <pre>
 *   version=1
 *   recovery.point=N      every batch below offset N is on disk (fsynced); recovery scans from there
 *   log.start.offset=N    the first offset readable; retention and DeleteRecords move it up
 *   cleaner.offset=N      compaction has cleaned every closed segment below N
 * </pre>
 *
 * Written whole to a temporary file, fsynced, then renamed over the old one, so a crash leaves the
 * old or the new file, never a mix. A missing file means "recover everything".
 */
record LogCheckpoint(long recoveryPoint, long logStartOffset, long cleanerOffset) {
  static final String FILE_NAME = "runnel.checkpoint";

  static LogCheckpoint read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    Properties p = new Properties();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
      return new LogCheckpoint(Long.parseLong(p.getProperty("recovery.point", "0")),
          Long.parseLong(p.getProperty("log.start.offset", "0")),
          Long.parseLong(p.getProperty("cleaner.offset", "0")));
    } catch (NoSuchFileException e) {
      return new LogCheckpoint(0, 0, 0);
    } catch (IOException | NumberFormatException e) {
      // A damaged checkpoint only costs a full recovery scan.
      return new LogCheckpoint(0, 0, 0);
    }
  }

  void write(Path dir) {
    AtomicTextFile.write(dir.resolve(FILE_NAME), "version=1\nrecovery.point=" + recoveryPoint + "\nlog.start.offset="
        + logStartOffset + "\ncleaner.offset=" + cleanerOffset + "\n");
  }
}
