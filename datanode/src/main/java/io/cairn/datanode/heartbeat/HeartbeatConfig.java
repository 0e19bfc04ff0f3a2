package io.cairn.datanode.heartbeat;

/**
 * How a DataNode talks to its NameNode; keys in docs/configuration.md.
 *
 * @param nameNodeHost the NameNode's host
 * @param nameNodePort the NameNode's RPC port
 * @param heartbeatIntervalMs between heartbeats (the NameNode's answer to Register wins when it names one)
 * @param blockReportIntervalMs between full block reports (likewise)
 * @param incrementalReportDelayMs a received or deleted replica is reported at most this long after the change
 * @param pipelineReportDelayMs a replica finalized by a node before the last of its pipeline is reported at most
 *     this long after (or with the next heartbeat)
 * @param rpcTimeoutMs deadline of every call
 * @param retryMaxMs longest pause between attempts while the NameNode cannot be reached
 */
public record HeartbeatConfig(String nameNodeHost, int nameNodePort, long heartbeatIntervalMs,
    long blockReportIntervalMs, long incrementalReportDelayMs, long pipelineReportDelayMs, long rpcTimeoutMs,
    long retryMaxMs) {

  public String nameNodeAddress() {
    return nameNodeHost + ":" + nameNodePort;
  }
}
