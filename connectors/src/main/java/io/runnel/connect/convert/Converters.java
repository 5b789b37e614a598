package io.runnel.connect.convert;

import io.runnel.connect.ConfigException;
import io.runnel.connect.Converter;
import java.lang.reflect.InvocationTargetException;

/** Finds a converter by name ({@code string}, {@code json}, {@code bytes}) or class name. */
public final class Converters {
  private Converters() {}

  /**
   * The converter named by the value of configuration key {@code key}.
   *
   * @throws ConfigException naming {@code key} if there is no such converter
   */
  public static Converter named(String key, String name) {
    switch (name) {
      case "string":
        return new StringConverter();
      case "json":
        return new JsonConverter();
      case "bytes":
        return new ByteArrayConverter();
      default:
        return instantiate(key, name);
    }
  }

  private static Converter instantiate(String key, String className) {
    try {
      Class<?> type = Class.forName(className);
      if (!Converter.class.isAssignableFrom(type)) {
        throw new ConfigException(key, className + " is not a " + Converter.class.getName());
      }
      return (Converter) type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          key, "no converter '" + className + "': use string, json, bytes or a class name");
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new ConfigException(key, "cannot create converter " + className + ": " + cause);
    }
  }
}
