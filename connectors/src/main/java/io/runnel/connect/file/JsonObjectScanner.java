package io.runnel.connect.file;

/**
 * Finds complete top-level JSON objects in a stream of bytes, without parsing them.
 *
 * <pre>
 *   ws* { ... } ws* { ...
 *       |     |
 *       |     the matching '}' at depth 0 ends the object (braces inside strings,
 *       |     and escaped quotes inside strings, do not count)
 *       an object starts at a '{' outside any object
 * </pre>
 *
 * <p>Whitespace (space, tab, CR, LF) between objects is skipped; so are the bytes of a UTF-8 byte
 * order mark. Any other byte outside an object starts a run of garbage that ends with the next
 * newline or before the next {@code '{'}, whichever comes first. Works on UTF-8 byte for byte: the bytes it looks at ({@code { } " \}) never occur
 * inside a multi-byte character. Stateless and thread-safe: each call scans from an object
 * boundary.
 */
final class JsonObjectScanner {
  private JsonObjectScanner() {}

  /** The kind of a scanned span. */
  enum Kind {
    /** Whitespace only. */
    SPACE,
    /** A complete object from its '{' to its '}'. */
    OBJECT,
    /** Bytes that are neither whitespace nor part of an object. */
    GARBAGE
  }

  /** A span of bytes that ends before index {@code end}. */
  record Span(Kind kind, int end) {}

  /**
   * Scans the span starting at {@code from} (less than {@code to}).
   *
   * @return null if the span does not end before {@code to}; otherwise the span. Whitespace ends at
   *     the next other byte or at {@code to}; garbage after its first newline or before the next
   *     '{'; an object after its closing '}'.
   */
  static Span scan(byte[] bytes, int from, int to) {
    int i = from;
    if (isSpace(bytes[i])) {
      while (i < to && isSpace(bytes[i])) {
        i++;
      }
      return new Span(Kind.SPACE, i);
    }
    if (bytes[i] != '{') {
      while (i < to && bytes[i] != '{') {
        if (bytes[i++] == '\n') {
          return new Span(Kind.GARBAGE, i);
        }
      }
      return i < to ? new Span(Kind.GARBAGE, i) : null;
    }
    int depth = 0;
    boolean inString = false;
    for (; i < to; i++) {
      byte b = bytes[i];
      if (inString) {
        if (b == '\\') {
          i++; // the escaped byte, whatever it is
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{') {
        depth++;
      } else if (b == '}' && --depth == 0) {
        return new Span(Kind.OBJECT, i + 1);
      }
    }
    return null;
  }

  private static boolean isSpace(byte b) {
    // 0xEF 0xBB 0xBF is the UTF-8 byte order mark some editors write first.
    return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == (byte) 0xEF || b == (byte) 0xBB
        || b == (byte) 0xBF;
  }
}
