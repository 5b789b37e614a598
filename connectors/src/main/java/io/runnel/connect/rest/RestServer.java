package io.runnel.connect.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConflictException;
import io.runnel.connect.ConnectCluster;
import io.runnel.connect.ConnectException;
import io.runnel.connect.Connector;
import io.runnel.connect.ConnectorInfo;
import io.runnel.connect.ConnectorStatus;
import io.runnel.connect.NotFoundException;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SinkConnector;
import io.runnel.connect.TaskStatus;
import io.runnel.connect.WorkerConfig;
import io.runnel.connect.internal.ConnectorPlugins;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of a worker over the JDK's HTTP server. Routes (Kafka Connect's shapes):
 *
 * <pre>
 *   GET    /                              {"version": ..., "worker_id": ...}
 *   GET    /connectors                    ["name", ...]
 *   POST   /connectors                    {"name": ..., "config": {...}}      201, the connector
 *   GET    /connectors/{name}             {"name", "config", "tasks": [{"connector", "task"}], "type"}
 *   GET    /connectors/{name}/config      {...}
 *   PUT    /connectors/{name}/config      {...}          201 created or 200 updated, the connector
 *   GET    /connectors/{name}/status      {"name", "connector": {"state", "worker_id"},
 *                                          "tasks": [{"id", "state", "worker_id", "trace"}], "type"}
 *   PUT    /connectors/{name}/pause       202
 *   PUT    /connectors/{name}/resume      202
 *   POST   /connectors/{name}/restart     204
 *   DELETE /connectors/{name}             204
 *   GET    /connector-plugins             [{"class", "type", "alias"}, ...]
 * </pre>
 *
 * Errors are {@code {"error_code": <http status>, "message": "..."}}: 400 for a bad body or
 * configuration (the message names the key), 404 for an unknown connector or path, 405, 409 for a
 * connector that exists, 500 otherwise.
 *
 * <p>Thread-safe; requests run on a pool of threads named {@code connect-rest-<n>}.
 */
public final class RestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "0.1.0";

  private final ConnectCluster cluster;
  private final HttpServer server;
  private final ExecutorService pool;
  private final String host;

  private RestServer(ConnectCluster cluster, String host, int port) {
    this.cluster = cluster;
    this.host = host;
    try {
      this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new ConnectException(
          "cannot serve the REST API on "
              + host
              + ":"
              + port
              + " (set "
              + WorkerConfig.REST_PORT
              + " to a free port, or 0): "
              + e.getMessage(),
          e);
    }
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "connect-rest-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("REST API on {}", uri());
  }

  /**
   * Serves {@code cluster} on {@code rest.host}:{@code rest.port} of {@code workerConfig}, or
   * returns null if {@code rest.port} is -1.
   *
   * @throws ConfigException naming {@code rest.port} if it is below -1 or above 65535
   * @throws ConnectException naming the address if it cannot be bound
   */
  public static RestServer startIfConfigured(ParsedConfig workerConfig, ConnectCluster cluster) {
    int port = workerConfig.getInt(WorkerConfig.REST_PORT, -1);
    if (port > 65535) {
      throw new ConfigException(WorkerConfig.REST_PORT, "must be at most 65535, got " + port);
    }
    if (port == -1) {
      return null;
    }
    return new RestServer(cluster, workerConfig.getString(WorkerConfig.REST_HOST), port);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code host:port} as bound: the id of the worker serving it. */
  public String workerId() {
    return host + ":" + port();
  }

  /** The base address, e.g. {@code http://127.0.0.1:8083/}. */
  public URI uri() {
    return URI.create("http://" + workerId() + "/");
  }

  /** Stops serving; requests in flight are cut off. */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Response response;
      try {
        response = route(exchange.getRequestMethod(), segments(exchange), exchange);
      } catch (HttpError e) {
        response = error(e.status, e.getMessage());
      } catch (NotFoundException e) {
        response = error(404, e.getMessage());
      } catch (ConflictException e) {
        response = error(409, e.getMessage());
      } catch (ConfigException e) {
        response = error(400, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("REST {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response = error(500, String.valueOf(e.getMessage()));
      }
      send(exchange, response);
    }
  }

  private static List<String> segments(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    return java.util.Arrays.stream(path.split("/"))
        .filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
        .toList();
  }

  private Response route(String method, List<String> path, HttpExchange exchange)
      throws IOException {
    if (path.isEmpty()) {
      requireMethod(method, "GET");
      ObjectNode root = JSON.createObjectNode();
      root.put("version", VERSION);
      root.put("worker_id", cluster.workerId());
      return new Response(200, root);
    }
    if (path.size() == 1 && path.get(0).equals("connector-plugins")) {
      requireMethod(method, "GET");
      return new Response(200, plugins());
    }
    if (!path.get(0).equals("connectors") || path.size() > 3) {
      throw new HttpError(404, "no resource " + exchange.getRequestURI().getPath());
    }
    if (path.size() == 1) {
      if (method.equals("GET")) {
        return new Response(200, JSON.valueToTree(cluster.connectors()));
      }
      requireMethod(method, "POST");
      JsonNode body = body(exchange);
      if (!body.isObject() || !body.path("config").isObject()) {
        throw new HttpError(400, "the body must be {\"name\": ..., \"config\": {...}}");
      }
      Map<String, String> config = config(body.get("config"));
      if (body.hasNonNull("name")) {
        config.put("name", body.get("name").asText());
      }
      return new Response(201, info(cluster.create(config)));
    }
    String name = path.get(1);
    if (path.size() == 2) {
      if (method.equals("DELETE")) {
        cluster.delete(name);
        return new Response(204, null);
      }
      requireMethod(method, "GET");
      return new Response(200, info(cluster.connector(name)));
    }
    switch (path.get(2)) {
      case "config":
        if (method.equals("PUT")) {
          JsonNode body = body(exchange);
          if (!body.isObject()) {
            throw new HttpError(400, "the body must be the configuration, a JSON object");
          }
          ConnectCluster.Update update = cluster.putConfig(name, config(body));
          return new Response(update.created() ? 201 : 200, info(update.info()));
        }
        requireMethod(method, "GET");
        return new Response(200, JSON.valueToTree(cluster.connector(name).config()));
      case "status":
        requireMethod(method, "GET");
        return new Response(200, status(cluster.status(name)));
      case "pause":
        requireMethod(method, "PUT");
        cluster.pause(name);
        return new Response(202, null);
      case "resume":
        requireMethod(method, "PUT");
        cluster.resume(name);
        return new Response(202, null);
      case "restart":
        requireMethod(method, "POST");
        cluster.restart(name);
        return new Response(204, null);
      default:
        throw new HttpError(404, "no resource " + exchange.getRequestURI().getPath());
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new HttpError(405, "method " + method + " not allowed here; use " + allowed);
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        throw new HttpError(400, "the request has no body; send JSON");
      }
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the body is not JSON: " + e.getOriginalMessage());
    }
  }

  /** A JSON object of configuration values as text; numbers and booleans become their text. */
  private static Map<String, String> config(JsonNode object) {
    Map<String, String> config = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      JsonNode value = field.getValue();
      if (value.isContainerNode()) {
        throw new ConfigException(field.getKey(), "must be a string, number or boolean");
      }
      if (!value.isNull()) {
        config.put(field.getKey(), value.asText());
      }
    }
    return config;
  }

  private static JsonNode info(ConnectorInfo info) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", info.name());
    node.set("config", JSON.valueToTree(new java.util.TreeMap<>(info.config())));
    ArrayNode tasks = node.putArray("tasks");
    for (int i = 0; i < info.tasks(); i++) {
      tasks.addObject().put("connector", info.name()).put("task", i);
    }
    node.put("type", info.type());
    return node;
  }

  private static JsonNode status(ConnectorStatus status) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", status.name());
    node.putObject("connector")
        .put("state", status.state().name())
        .put("worker_id", status.workerId());
    ArrayNode tasks = node.putArray("tasks");
    for (TaskStatus task : status.tasks()) {
      ObjectNode t = tasks.addObject();
      t.put("id", task.task());
      t.put("state", task.state().name());
      t.put("worker_id", task.workerId());
      if (task.lastError() != null) {
        t.put("trace", task.lastError());
      }
    }
    node.put("type", status.type());
    return node;
  }

  private static JsonNode plugins() {
    ArrayNode out = JSON.createArrayNode();
    ConnectorPlugins.builtIn()
        .forEach(
            (alias, className) -> {
              Connector connector = ConnectorPlugins.connector(className);
              out.addObject()
                  .put("class", className)
                  .put("type", connector instanceof SinkConnector ? "sink" : "source")
                  .put("alias", alias);
            });
    return out;
  }

  private static Response error(int status, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error_code", status);
    node.put("message", message);
    return new Response(status, node);
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    if (response.body == null) {
      exchange.sendResponseHeaders(response.status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(response.body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A status and a JSON body, or none. */
  private record Response(int status, JsonNode body) {}

  /** An HTTP error the request caused. */
  private static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
