package io.runnel.connect;

/** A request named a connector that does not exist (the REST API answers 404). */
public class NotFoundException extends ConnectException {
  /** No connector {@code name}. */
  public NotFoundException(String name) {
    super("connector '" + name + "' not found");
  }
}
