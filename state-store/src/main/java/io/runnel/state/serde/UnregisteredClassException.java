package io.runnel.state.serde;

import io.runnel.state.StateConfig;

/**
 * Kryo met a class that is not registered while registration is required. The message names the
 * class and the two ways out: register it, or turn registration off for trusted data.
 */
public class UnregisteredClassException extends SerdeException {
  private final String className;

  /** An exception for the unregistered class named {@code className}. */
  public UnregisteredClassException(String className) {
    super(
        "class "
            + className
            + " is not registered with Kryo: register it with Serdes.kryo().register("
            + className
            + ".class) or list it in config '"
            + StateConfig.KRYO_REGISTRATIONS
            + "' (comma-separated class names, ids follow the order), or set '"
            + StateConfig.KRYO_REGISTRATION_REQUIRED
            + "=false' to accept any class (only for data you trust: deserializing arbitrary"
            + " classes can run their code)");
    this.className = className;
  }

  /** The fully qualified name of the unregistered class. */
  public String className() {
    return className;
  }
}
