package io.cairn.common.config;

import io.cairn.common.error.CairnException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw configuration keys, merged in order of precedence: explicit overrides ({@code --conf k=v}),
 * then JVM system properties ({@code -Dcairn.x=y}), then a properties file. Components read it once
 * into their own typed, validated config record; nothing else passes a string map around.
 */
public final class Settings {
  private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
  private static final String MILLIS_SUFFIX = "-ms";
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings empty() {
    return new Settings(Map.of());
  }

  /** Loads {@code file} (when non-null), then system properties starting with "cairn.", then overrides. */
  public static Settings load(Path file, Map<String, String> overrides) throws IOException {
    Map<String, String> merged = new TreeMap<>();
    Set<String> fromFile = new HashSet<>();
    if (file != null) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        props.load(in);
      }
      props.forEach((k, v) -> {
        merged.put(k.toString(), v.toString().trim());
        fromFile.add(k.toString());
      });
    }
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("cairn.")) {
        merged.put(k.toString(), v.toString());
      }
    });
    merged.putAll(overrides);
    // System properties are left out: the launchers pass their own (cairn.log.file) that way.
    Set<String> given = new HashSet<>(overrides.keySet());
    given.addAll(fromFile);
    for (String key : unknown(given)) {
      LOG.warn("configuration key {} is not one Cairn knows (docs/configuration.md): it is ignored", key);
    }
    return new Settings(merged);
  }

  /** The keys among {@code keys} that Cairn does not know (not in docs/configuration.md), for a warning. */
  public static List<String> unknown(Collection<String> keys) {
    return keys.stream().filter(k -> k.startsWith("cairn.") && !KnownKeys.isKnown(k)).sorted().toList();
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  public String getString(String key, String defaultValue) {
    return values.getOrDefault(key, defaultValue);
  }

  public int getInt(String key, int defaultValue, int min, int max) throws CairnException {
    long v = getLong(key, defaultValue, min, max);
    return (int) v;
  }

  /**
   * A whole number. A key ending in {@code -ms} (milliseconds) may also be given without that
   * suffix as a duration with units, as an operator would write it: {@code cairn.heartbeat.interval=1s}
   * for {@code cairn.heartbeat.interval-ms=1000} (units ms, s, m, h, d; {@code 10m30s}).
   */
  public long getLong(String key, long defaultValue, long min, long max) throws CairnException {
    String raw = values.get(key);
    if (key.endsWith(MILLIS_SUFFIX)) {
      String durationKey = key.substring(0, key.length() - MILLIS_SUFFIX.length());
      String duration = values.get(durationKey);
      if (duration != null) {
        if (raw != null) {
          throw CairnException.invalidArgument("configuration sets both " + durationKey + " and " + key
              + ": give one of them");
        }
        return inRange(durationKey, duration, durationMs(durationKey, duration), min, max, " ms");
      }
    }
    if (raw == null) {
      return defaultValue;
    }
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": not a whole number");
    }
    return inRange(key, raw, v, min, max, key.endsWith(MILLIS_SUFFIX) ? " ms" : "");
  }

  /** @param unit what the bounds are counted in, as the error names it ("" for a plain number) */
  private static long inRange(String key, String raw, long v, long min, long max, String unit)
      throws CairnException {
    if (v < min || v > max) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": must be between " + min + unit
          + " and " + max + unit);
    }
    return v;
  }

  /** Milliseconds of a duration such as 500ms, 10s, 10m30s, 1h or 2d. */
  static long durationMs(String key, String raw) throws CairnException {
    String text = raw.trim();
    Matcher part = DURATION_PART.matcher(text);
    long total = 0;
    int end = 0;
    try {
      while (part.lookingAt()) {
        long unit = switch (part.group(2)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 86_400_000;
        };
        total = Math.addExact(total, Math.multiplyExact(Long.parseLong(part.group(1)), unit));
        end = part.end();
        part.region(end, text.length());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": too long a duration");
    }
    if (end == 0 || end != text.length()) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": not a duration (a number with "
          + "a unit: ms, s, m, h or d, e.g. 10s, 500ms, 10m30s)");
    }
    return total;
  }

  /** {@code true} or {@code false} (any case). */
  public boolean getBoolean(String key, boolean defaultValue) throws CairnException {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": must be true or false");
    };
  }

  public double getDouble(String key, double defaultValue, double min, double max) throws CairnException {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    double v;
    try {
      v = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": not a number");
    }
    if (!(v >= min && v <= max)) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": must be between " + min + " and " + max);
    }
    return v;
  }

  public Map<String, String> asMap() {
    return values;
  }
}
