package io.cairn.client.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** One run of the cairn command in this JVM against a NameNode: its exit code and what it printed. */
public record CliRun(int code, String out, String err) {
  /** Runs {@code args} (the command first) with {@code --namenode=nameNode} after the command. */
  public static CliRun of(String nameNode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--namenode=" + nameNode);
    int code = CairnCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The lines of standard output. */
  public List<String> lines() {
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
