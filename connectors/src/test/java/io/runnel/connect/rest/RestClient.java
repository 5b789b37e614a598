package io.runnel.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small JSON client of a worker's REST API over java.net.http, for tests. */
public final class RestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  /** A client of the REST API at {@code base} ({@code http://host:port/}). */
  public RestClient(URI base) {
    this.base = base;
  }

  /** An answer: the status code and the JSON body, or null if there was none. */
  public record Answer(int status, JsonNode body) {}

  /** Sends {@code method path} with {@code body} (JSON text, or null for none). */
  public Answer call(String method, String path, String body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .method(method, publisher)
            .header("Content-Type", "application/json")
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Answer(response.statusCode(), text.isEmpty() ? null : JSON.readTree(text));
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** GET {@code path}. */
  public Answer get(String path) {
    return call("GET", path, null);
  }

  /** JSON text of {@code value}. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
