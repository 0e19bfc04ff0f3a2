package io.cairn.client.cli;

import picocli.CommandLine.Option;

/** {@code -h} and {@code -v} of the commands that print space figures ({@code du}, {@code count}). */
final class SummaryOptions {
  @Option(names = "-h", description = "Sizes in human units.")
  boolean human;

  @Option(names = "-v", description = "Print a header line.")
  boolean header;
}
