package io.cairn.compat.contract;

import io.cairn.client.MiniDataCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process Cairn cluster (a NameNode, three DataNodes) shared by every contract suite of a
 * test run: started by the first suite that needs it, closed when the run ends (JUnit closes what
 * the root store holds). The suites run one after another, each under its own test directory.
 */
public final class SharedCairnCluster implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCairnCluster.class);
  private static volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
  }

  /** The cluster's {@code cairn://} URI; only inside a suite extended with this class. */
  public static URI uri() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("no shared cluster: extend the test class with SharedCairnCluster");
    }
    return URI.create("cairn://" + r.cluster.address() + "/");
  }

  private record Running(Path dir, MiniDataCluster cluster) implements AutoCloseable {
    static Running start() {
      try {
        Path dir = Files.createTempDirectory("cairn-contract");
        return new Running(dir, MiniDataCluster.start(dir, 3));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      cluster.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
