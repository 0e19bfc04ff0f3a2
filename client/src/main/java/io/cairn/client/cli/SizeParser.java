package io.cairn.client.cli;

import io.cairn.common.error.CairnException;
import java.util.Locale;

/** Sizes on the command line: bytes, or a number with a k, m, g or t suffix (powers of 1024). */
final class SizeParser {
  private SizeParser() {}

  static long parse(String text) throws CairnException {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        case 't' -> unit = 1L << 40;
        default -> unit = 1;
      }
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long v = Long.parseLong(digits);
      if (v < 0 || v > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return v * unit;
    } catch (NumberFormatException e) {
      throw CairnException.invalidArgument("'" + text + "' is not a size (bytes, or a number with k, m, g or t)");
    }
  }
}
