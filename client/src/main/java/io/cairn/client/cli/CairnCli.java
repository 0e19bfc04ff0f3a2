package io.cairn.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cairn} command: one subcommand per operation, as {@code hdfs dfs} has. */
@Command(name = "cairn", mixinStandardHelpOptions = true, version = "cairn 0.1.0",
    description = "Cairn, a distributed file system.",
    footer = {"", "Also run by bin/cairn (each with --help):",
        "  local up|down|status   a NameNode and DataNodes on this machine",
        "  mount, unmount         the file system through FUSE",
        "  namenode, datanode     the servers",
        "The NameNode is found from --namenode HOST:PORT, else $CAIRN_NAMENODE, else 127.0.0.1:9500."},
    subcommands = {
        MkdirCommand.class, LsCommand.class, StatCommand.class, TouchCommand.class, MvCommand.class,
        RmCommand.class, DuCommand.class, CountCommand.class, ChmodCommand.class, ChownCommand.class,
        ChgrpCommand.class, SetrepCommand.class, PutCommand.class, GetCommand.class, CatCommand.class,
        TailCommand.class, AppendToFileCommand.class, ChecksumCommand.class, DfCommand.class, AdminCommand.class,
        FsckCommand.class, RecoverLeaseCommand.class, CpCommand.class, TestCommand.class, RmdirCommand.class,
        TouchzCommand.class,
        CommandLine.HelpCommand.class})
public final class CairnCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Also accepted before the command name: {@code cairn --namenode h:p ls /}. */
  @CommandLine.Mixin
  NameNodeOption nameNode;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Runs the command line and returns its exit code: 0 on success, 1 when an operation failed, 2 on bad usage. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** As {@link #run(String...)}, printing to the given writers. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new CairnCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      CommandLine failed = e.getCommandLine();
      // Named as every other error is: "cairn: ls: Unknown option: '-Z'".
      String command = failed == cli ? "" : failed.getCommandName() + ": ";
      String message = e.getMessage();
      if (failed == cli && e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
        String first = u.getUnmatched().getFirst();
        String bare = first.replaceFirst("^-+", "");
        if (!first.startsWith("-")) {
          message = "'" + first + "' is not a cairn command";
        } else if (cli.getSubcommands().containsKey(bare)) {
          // The hdfs dfs habit: "hdfs dfs -ls /" is "cairn ls /".
          message = "'" + first + "' is not an option; commands take no dash: cairn " + bare;
        }
      }
      failed.getErr().println("cairn: " + command + message);
      failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
      return 2;
    });
    return cli.execute(args);
  }

  /**
   * gRPC logs a failed name resolution or connection through java.util.logging with a stack trace,
   * before the call itself fails with the message the command prints; a shell prints that line only.
   * Held here because java.util.logging keeps its loggers weakly.
   */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    GRPC_LOG.setLevel(java.util.logging.Level.OFF);
    System.exit(run(args));
  }
}
