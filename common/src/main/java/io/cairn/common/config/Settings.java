package io.cairn.common.config;

import io.cairn.common.error.CairnException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Raw configuration keys, merged in order of precedence: explicit overrides ({@code --conf k=v}),
 * then JVM system properties ({@code -Dcairn.x=y}), then a properties file. Components read it once
 * into their own typed, validated config record; nothing else passes a string map around.
 */
public final class Settings {
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
    if (file != null) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        props.load(in);
      }
      props.forEach((k, v) -> merged.put(k.toString(), v.toString().trim()));
    }
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("cairn.")) {
        merged.put(k.toString(), v.toString());
      }
    });
    merged.putAll(overrides);
    return new Settings(merged);
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

  public long getLong(String key, long defaultValue, long min, long max) throws CairnException {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": not a whole number");
    }
    if (v < min || v > max) {
      throw CairnException.invalidArgument("configuration " + key + "=" + raw + ": must be between " + min + " and " + max);
    }
    return v;
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
