package io.runnel.state.internal;

import java.util.regex.Pattern;

/** Store names name directories, checkpoint entries and changelog topics: keep them plain. */
public final class StoreName {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private StoreName() {}

  /**
   * Returns {@code name} if it is 1 to 200 characters of {@code [A-Za-z0-9._-]}.
   *
   * @throws IllegalArgumentException naming the bad name otherwise
   */
  public static String validate(String name) {
    if (name == null || !VALID.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "invalid state store name '"
              + name
              + "': use 1 to 200 characters of letters, digits, '.', '_' and '-'");
    }
    return name;
  }
}
