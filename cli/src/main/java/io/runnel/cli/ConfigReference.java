package io.runnel.cli;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.WorkerConfig;
import io.runnel.connect.internal.ConnectorPlugins;
import io.runnel.log.server.ServerConfig;
import io.runnel.state.StateConfig;
import io.runnel.streams.StreamsConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code runnel config-reference}: every setting of the server, streams apps, connect workers and
 * connectors, with defaults and meaning, as Markdown, generated from the configuration classes
 * themselves. {@code docs/configuration.md} is its output, and a test keeps the two equal.
 */
@Command(name = "config-reference",
    description = "Print every setting (server, streams, state stores, connect) with its default, as Markdown.")
final class ConfigReference implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.print(markdown());
    return 0;
  }

  /** The reference. Machine-specific defaults (the temporary directory) are shown symbolically. */
  static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Configuration reference\n\n")
        .append("Generated from the configuration classes by `bin/runnel config-reference`; ")
        .append("`ConfigReferenceTest` fails when this file and the classes disagree. ")
        .append("Names are Kafka's, Kafka Streams' and Kafka Connect's where the setting is theirs.\n");

    section(md, "log-server (`bin/runnel server --config FILE --override KEY=VALUE`)",
        "`ServerConfig`; topic-level settings (`retention.ms`, `cleanup.policy`, ...) are the defaults "
            + "of the `log.*` keys below, set per topic with `bin/runnel topics create --config`.");
    header(md);
    for (ServerConfig.Key k : ServerConfig.keys()) {
      row(md, k.name(), k.defaultValue() == null ? "(topic default)" : k.defaultValue(), k.doc());
    }

    section(md, "Streams apps (`new RunnelStreams(topology, config)`)", "`StreamsConfig`.");
    header(md);
    for (StreamsConfig.Key k : StreamsConfig.KEYS) {
      row(md, k.name(), k.defaultValue() == null ? "(required)" : k.defaultValue(), k.doc());
    }

    section(md, "State stores (part of a streams app's config)", "`StateConfig`.");
    header(md);
    for (StateConfig.Key k : StateConfig.KEYS) {
      row(md, k.name(), k.defaultValue() == null ? "(none)" : k.defaultValue(), k.doc());
    }

    section(md, "Connect workers (`bin/runnel connect worker.properties ...`, `connect-distributed`)",
        "`WorkerConfig`.");
    configDef(md, WorkerConfig.DEF);

    section(md, "Every connector", "`ConnectorConfig`; transforms and predicates take their own "
        + "keys under `transforms.<name>.` and `predicates.<name>.` (see connectors/README.md).");
    configDef(md, ConnectorConfig.DEF);

    for (Map.Entry<String, String> plugin : ConnectorPlugins.builtIn().entrySet()) {
      section(md, "Connector `" + plugin.getKey() + "`", "`" + simpleName(plugin.getValue()) + "`.");
      configDef(md, ConnectorPlugins.connector(plugin.getKey()).config());
    }
    return md.toString();
  }

  private static void section(StringBuilder md, String title, String source) {
    md.append("\n## ").append(title).append("\n\n").append(source).append("\n\n");
  }

  private static void header(StringBuilder md) {
    md.append("| Key | Default | Meaning |\n| --- | --- | --- |\n");
  }

  private static void configDef(StringBuilder md, ConfigDef def) {
    header(md);
    List<ConfigDef.Key> keys = def.keys();
    for (ConfigDef.Key k : keys) {
      row(md, k.name(), k.required() ? "(required)" : k.defaultValue(), k.doc());
    }
  }

  private static void row(StringBuilder md, String name, String defaultValue, String doc) {
    md.append("| `").append(name).append("` | ").append(cell(portable(defaultValue), true))
        .append(" | ").append(cell(doc, false)).append(" |\n");
  }

  private static String portable(String value) {
    String tmp = System.getProperty("java.io.tmpdir");
    if (value != null && tmp != null && !tmp.isEmpty() && value.startsWith(tmp)) {
      return "${java.io.tmpdir}" + value.substring(tmp.length());
    }
    return value;
  }

  private static String cell(String text, boolean code) {
    if (text == null || text.isEmpty()) {
      return code ? "(empty)" : "";
    }
    String escaped = text.replace("|", "\\|").replace("\n", " ");
    if (!code || escaped.startsWith("(")) {
      return escaped;
    }
    return "`" + escaped + "`";
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
