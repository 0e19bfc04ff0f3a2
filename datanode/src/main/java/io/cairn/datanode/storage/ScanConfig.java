package io.cairn.datanode.storage;

/**
 * How the block scanner works through the replicas.
 *
 * @param periodMs every finalized replica's bytes are verified at least once in this long; 0 = no scanner
 * @param bytesPerSecond the most replica bytes a second the scanner reads, so scans never crowd out clients
 * @param fileCheckPeriodMs a pass over the replicas' files (sizes and modification times, no
 *     bytes read) starts at most this often; 0 = none
 * @param fileChecksPerSecond the most replicas a second such a pass looks at
 */
public record ScanConfig(long periodMs, long bytesPerSecond, long fileCheckPeriodMs, long fileChecksPerSecond) {}
