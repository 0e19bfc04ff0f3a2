package io.cairn.common.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys Cairn reads: those docs/configuration.md lists in its tables (the file is
 * packaged with this class), so the documentation is the one list and a key that is read but not
 * documented shows up as unknown in tests.
 */
final class KnownKeys {
  private static final Pattern ROW = Pattern.compile("^\\| `(cairn\\.[a-z0-9.-]+)`");
  private static final Set<String> KEYS = load();

  private KnownKeys() {}

  /** Whether {@code key} is documented, itself or (for a duration) as {@code key-ms}. */
  static boolean isKnown(String key) {
    return KEYS.contains(key) || KEYS.contains(key + "-ms");
  }

  static Set<String> all() {
    return KEYS;
  }

  private static Set<String> load() {
    Set<String> keys = new HashSet<>();
    try (InputStream in = KnownKeys.class.getResourceAsStream("configuration.md")) {
      if (in == null) {
        throw new IllegalStateException("configuration.md is missing from the classpath (a broken build)");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher m = ROW.matcher(line);
        if (m.find()) {
          keys.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(keys);
  }
}
