package io.cairn.compat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every configuration key the servers, the client and the mount read is in docs/configuration.md,
 * which is also the list a server checks the keys it is given against (a key missing there would
 * be warned about as a typo while it works).
 */
class ConfigurationDocsTest {
  private static final Pattern KEY = Pattern.compile("\"(cairn\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+)\"");
  private static final List<String> MODULES = List.of("common", "namenode", "datanode", "client", "fuse-bridge");

  @Test
  void everyKeyTheCodeReadsIsDocumented() throws IOException {
    Set<String> read = new TreeSet<>();
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = KEY.matcher(Files.readString(f));
          while (m.find()) {
            read.add(m.group(1));
          }
        }
      }
    }
    assertThat(read).as("keys read in the code").hasSizeGreaterThan(40);
    assertThat(Settings.unknown(read)).as("read but not in docs/configuration.md").isEmpty();
  }
}
