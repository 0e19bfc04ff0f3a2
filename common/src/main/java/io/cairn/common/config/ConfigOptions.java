package io.cairn.common.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --conf key=value}, shared by every server role's command line. */
public final class ConfigOptions {
  @Option(names = "--config", description = "A properties file of configuration keys (docs/configuration.md).")
  Path configFile;

  @Option(names = "--conf", description = "A configuration key=value; repeatable; wins over --config.")
  Map<String, String> overrides = new HashMap<>();

  /** The settings, with {@code fromFlags} (keys set by dedicated flags such as --port) winning over all. */
  public Settings load(Map<String, String> fromFlags) throws IOException {
    Map<String, String> merged = new HashMap<>(overrides);
    merged.putAll(fromFlags);
    return Settings.load(configFile, merged);
  }
}
