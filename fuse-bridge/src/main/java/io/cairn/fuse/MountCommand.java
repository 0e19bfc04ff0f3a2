package io.cairn.fuse;

import io.cairn.client.CairnClient;
import io.cairn.common.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn mount MOUNTPOINT}: the bridge's process. It stays in the foreground until the mount is
 * unmounted (bin/cairn puts it in the background unless asked for {@code --foreground}), and prints
 * {@code Mounted ...} on standard output once the mount serves.
 */
@Command(name = "cairn mount", mixinStandardHelpOptions = true,
    description = "Mount Cairn at MOUNTPOINT through FUSE, so ordinary programs can use it.",
    footer = {"", "Unmount with: cairn unmount MOUNTPOINT (or fusermount3 -u MOUNTPOINT). See docs/fuse.md."})
public final class MountCommand implements Callable<Integer> {
  private static final String DEFAULT_NAMENODE = "127.0.0.1:9500";

  @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "An existing, preferably empty, folder.")
  Path mountPoint;

  @Option(names = "--namenode", paramLabel = "HOST:PORT",
      description = "NameNode address (default: $CAIRN_NAMENODE, else " + DEFAULT_NAMENODE + ").")
  String nameNode;

  @Option(names = "-o", paramLabel = "OPT[,OPT...]", description = "libfuse mount options (allow_other, ro, ...).")
  List<String> options = new ArrayList<>();

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A configuration key (cairn.fuse.*).")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of configuration keys.")
  Path configFile;

  @Option(names = "--foreground", description = "Stay attached to the terminal (the launcher's concern; "
      + "this process always runs until unmounted).")
  boolean foreground;

  @Override
  public Integer call() throws Exception {
    MountSettings settings = MountSettings.from(Settings.load(configFile, conf));
    CairnClient fs = CairnClient.connect(resolveNameNode());
    CairnMount mount;
    try {
      mount = CairnMount.mount(mountPoint, fs, settings, options);
    } catch (Exception e) {
      fs.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(mount::close, "cairn-fuse-shutdown"));
    System.out.println("Mounted cairn://" + fs.nameNode() + " at " + mount.mountPoint() + " (pid "
        + ProcessHandle.current().pid() + ")");
    System.out.flush();
    mount.awaitUnmounted();
    mount.close();
    return 0;
  }

  private String resolveNameNode() {
    if (nameNode != null) {
      return nameNode;
    }
    String env = System.getenv("CAIRN_NAMENODE");
    return env != null && !env.isBlank() ? env.trim() : DEFAULT_NAMENODE;
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new MountCommand());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("cairn: mount: " + e.getMessage());
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
