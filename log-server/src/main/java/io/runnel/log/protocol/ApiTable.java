package io.runnel.log.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The APIs this broker serves: for each, the version range advertised in ApiVersions (exactly what
 * is implemented), the lowest version accepted (Produce is advertised from 0 as Kafka does, but
 * only v3 and later are accepted) and its handler. Built at start, read-only afterwards.
 */
public final class ApiTable {
  /** One API's entry. */
  public record Entry(ApiKeys api, short minAdvertised, short maxVersion, short minAccepted, ApiHandler handler) {}

  private final Map<ApiKeys, Entry> entries = new EnumMap<>(ApiKeys.class);

  /** Serves {@code api} at every version from {@code min} to {@code max}. */
  public ApiTable register(ApiKeys api, int min, int max, ApiHandler handler) {
    return register(api, min, min, max, handler);
  }

  /** Serves {@code api} from {@code minAccepted} to {@code max} and advertises from {@code minAdvertised}. */
  public ApiTable register(ApiKeys api, int minAdvertised, int minAccepted, int max, ApiHandler handler) {
    if (max > api.latestVersion() || minAccepted < api.oldestVersion()) {
      throw new IllegalArgumentException(api + " versions " + minAccepted + ".." + max + " are outside what the "
          + "codec supports (" + api.oldestVersion() + ".." + api.latestVersion() + ")");
    }
    entries.put(api, new Entry(api, (short) minAdvertised, (short) max, (short) minAccepted, handler));
    return this;
  }

  public Entry get(ApiKeys api) {
    return entries.get(api);
  }

  public Map<ApiKeys, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** True when requests of {@code api} at {@code version} are handled. */
  public boolean accepts(ApiKeys api, short version) {
    Entry e = entries.get(api);
    return e != null && version >= e.minAccepted() && version <= e.maxVersion();
  }

  /** The ApiVersions list: each API with its advertised range. */
  public ApiVersionsResponseData.ApiVersionCollection advertised() {
    ApiVersionsResponseData.ApiVersionCollection out = new ApiVersionsResponseData.ApiVersionCollection();
    for (Entry e : entries.values()) {
      out.add(new ApiVersionsResponseData.ApiVersion()
          .setApiKey(e.api().id)
          .setMinVersion(e.minAdvertised())
          .setMaxVersion(e.maxVersion()));
    }
    return out;
  }
}
