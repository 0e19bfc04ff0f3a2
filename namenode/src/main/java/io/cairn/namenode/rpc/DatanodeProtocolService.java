package io.cairn.namenode.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.namenode.namesystem.BlockConfig;
import io.cairn.namenode.namesystem.BlockManager;
import io.cairn.namenode.namesystem.DataPath;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.BlockReportResponse;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeProtocolGrpc;
import io.cairn.proto.HeartbeatRequest;
import io.cairn.proto.HeartbeatResponse;
import io.cairn.proto.IncrementalBlockReportRequest;
import io.cairn.proto.IncrementalBlockReportResponse;
import io.cairn.proto.RegisterDatanodeRequest;
import io.cairn.proto.RegisterDatanodeResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DatanodeProtocol over gRPC: registrations, heartbeats (answered with commands) and block reports. */
public final class DatanodeProtocolService extends DatanodeProtocolGrpc.DatanodeProtocolImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(DatanodeProtocolService.class);

  /** More parts than any report needs: a million replicas per part would far exceed any request limit. */
  static final int MAX_REPORT_PARTS = 1_000_000;

  private final DataPath dataPath;
  private final BlockConfig config;
  private final int maxRequestBytes;
  private final long namespaceId;

  /**
   * @param maxRequestBytes the server's request limit, told to DataNodes so they split reports to fit
   * @param namespaceId this NameNode's namespace (0: made before namespaces had ids)
   */
  public DatanodeProtocolService(DataPath dataPath, BlockConfig config, int maxRequestBytes, long namespaceId) {
    this.dataPath = dataPath;
    this.config = config;
    this.maxRequestBytes = maxRequestBytes;
    this.namespaceId = namespaceId;
  }

  @Override
  public void register(RegisterDatanodeRequest req, StreamObserver<RegisterDatanodeResponse> out) {
    Calls.unary("register", out, caller -> {
      var node = req.getNode();
      if (node.getUuid().isEmpty() || node.getHost().isEmpty() || node.getDataPort() < 1
          || node.getDataPort() > 65535) {
        throw CairnException.invalidArgument("a DataNode registers with a uuid, a host and a data port 1-65535");
      }
      if (req.getNamespaceId() != 0 && namespaceId != 0 && req.getNamespaceId() != namespaceId) {
        // Its replicas are not this namespace's blocks: taking its report would delete them all.
        LOG.warn("DataNode uuid={} at {} holds replicas of namespace {}, not of this one ({}): refused",
            node.getUuid(), node.getHost(), req.getNamespaceId(), namespaceId);
        throw CairnException.invalidArgument("this DataNode's replicas belong to namespace " + req.getNamespaceId()
            + ", and this NameNode holds namespace " + namespaceId + " (a NameNode started on another folder?): "
            + "refused, so that they are not deleted");
      }
      dataPath.register(node, req.getStorage());
      LOG.info("DataNode registered uuid={} address={}:{}", node.getUuid(), node.getHost(), node.getDataPort());
      return RegisterDatanodeResponse.newBuilder().setHeartbeatIntervalMs(config.heartbeatIntervalMs())
          .setBlockReportIntervalMs(config.blockReportIntervalMs()).setMaxRequestBytes(maxRequestBytes)
          .setNamespaceId(namespaceId).build();
    });
  }

  @Override
  public void heartbeat(HeartbeatRequest req, StreamObserver<HeartbeatResponse> out) {
    Calls.unary("heartbeat", out, caller -> {
      List<DatanodeCommand> commands = dataPath.heartbeat(req.getUuid(), req.getStorage());
      return commands == null ? HeartbeatResponse.newBuilder().setReregister(true).build()
          : HeartbeatResponse.newBuilder().addAllCommands(commands).build();
    });
  }

  @Override
  public void blockReport(BlockReportRequest req, StreamObserver<BlockReportResponse> out) {
    Calls.unary("blockReport", out, caller -> {
      int count = req.getPartCount() == 0 ? 1 : req.getPartCount();
      if (count < 0 || count > MAX_REPORT_PARTS || req.getPartIndex() < 0 || req.getPartIndex() >= count) {
        throw CairnException.invalidArgument("block report part " + req.getPartIndex() + " of " + req.getPartCount()
            + ": the index must lie in [0, part count) and the count in [1, " + MAX_REPORT_PARTS + "]");
      }
      dataPath.blockReport(req.getUuid(),
          new BlockManager.ReportPart(req.getReportId(), req.getPartIndex(), count, req.getReplicasList()));
      return BlockReportResponse.getDefaultInstance();
    });
  }

  @Override
  public void incrementalBlockReport(IncrementalBlockReportRequest req,
      StreamObserver<IncrementalBlockReportResponse> out) {
    Calls.unary("incrementalBlockReport", out, caller -> {
      dataPath.incrementalReport(req.getUuid(), req.getReceivedList(), req.getDeletedBlockIdsList(), req.getBadList());
      return IncrementalBlockReportResponse.getDefaultInstance();
    });
  }
}
