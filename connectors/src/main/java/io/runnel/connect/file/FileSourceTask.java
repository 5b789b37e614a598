package io.runnel.connect.file;

import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.Header;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SourceRecord;
import io.runnel.connect.SourceTask;
import io.runnel.connect.SourceTaskContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The task of {@link FileSourceConnector}. Each poll lists the directory of {@code file.glob},
 * starts following new matching files (from their stored offset, or their start), and reads new
 * lines from every followed file, in file name order.
 *
 * <p>A record: topic = {@code topic}; key = the file's absolute path; value = the line (UTF-8,
 * without its line ending; {@code format=lines}) or the JSON object as a map ({@code format=json};
 * write it with {@code value.converter=json}); headers {@code host} and {@code file}; source partition {@code {"file":
 * <path>}}; source offset {@code {"position": <byte after the line or object>, "inode": <id>}}.
 *
 * <p>Not thread-safe: the worker calls it from the task's thread only.
 */
public final class FileSourceTask implements SourceTask {
  static final String FILE = "file";

  private SourceTaskContext context;
  private Path directory;
  private PathMatcher matcher;
  private String topic;
  private int batchMaxLines;
  private String host;
  private boolean json;
  private final Map<Path, FileTailer> tailers = new LinkedHashMap<>();
  // Paths whose file disappeared while followed: a file created there later starts at byte 0,
  // whatever its stored offset says (a new file may reuse the old one's inode).
  private final Set<Path> vanished = new HashSet<>();

  @Override
  public void initialize(SourceTaskContext context) {
    this.context = context;
  }

  @Override
  public void start(Map<String, String> config) {
    ParsedConfig parsed = FileSourceConnector.CONFIG.parse(config);
    Path glob = parseGlob(parsed.getString(FileSourceConnector.FILE_GLOB));
    directory = glob.getParent();
    matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
    topic = parsed.getString(FileSourceConnector.TOPIC);
    batchMaxLines = parsed.getInt(FileSourceConnector.BATCH_MAX_LINES, 1);
    host = parsed.getString(FileSourceConnector.HOST_NAME);
    json = FileSourceConnector.jsonFormat(parsed);
    if (host.isEmpty()) {
      host = localHostName();
    }
  }

  /**
   * The absolute form of {@code glob}, checked to have wildcards in its file name only.
   *
   * @throws ConfigException naming {@code file.glob} otherwise
   */
  static Path parseGlob(String glob) {
    Path path = Paths.get(glob).toAbsolutePath().normalize();
    Path parent = path.getParent();
    if (parent == null || path.getFileName() == null) {
      throw new ConfigException(FileSourceConnector.FILE_GLOB, "name files, got '" + glob + "'");
    }
    if (parent.toString().matches(".*[*?\\[{].*")) {
      throw new ConfigException(
          FileSourceConnector.FILE_GLOB,
          "only the file name may hold wildcards, not the directories: '" + glob + "'");
    }
    return path;
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env != null ? env : "localhost";
    }
  }

  @Override
  public List<SourceRecord> poll() {
    for (Path path : matchingFiles()) {
      tailers.computeIfAbsent(
          path,
          p ->
              new FileTailer(
                  p,
                  vanished.remove(p) ? null : context.offset(Map.of(FILE, p.toString())),
                  json));
    }
    List<SourceRecord> records = new ArrayList<>();
    List<FileTailer.Entry> entries = new ArrayList<>();
    Iterator<FileTailer> it = tailers.values().iterator();
    while (it.hasNext() && records.size() < batchMaxLines) {
      FileTailer tailer = it.next();
      entries.clear();
      boolean gone = tailer.read(batchMaxLines - records.size(), entries);
      String file = tailer.path().toString();
      Map<String, String> partition = Map.of(FILE, file);
      List<Header> headers = List.of(new Header("host", host), new Header("file", file));
      for (FileTailer.Entry entry : entries) {
        records.add(
            new SourceRecord(partition, entry.offset(), topic, file, entry.value(), headers, null));
      }
      if (gone) {
        tailer.close();
        it.remove();
        vanished.add(tailer.path());
      }
    }
    return records;
  }

  private TreeSet<Path> matchingFiles() {
    TreeSet<Path> files = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (matcher.matches(entry.getFileName()) && Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    } catch (NoSuchFileException e) {
      // The directory may appear later, as log directories do.
    } catch (IOException e) {
      throw new ConnectException("cannot list directory " + directory + " for file.glob", e);
    }
    return files;
  }

  @Override
  public void stop() {
    tailers.values().forEach(FileTailer::close);
    tailers.clear();
  }
}
