package io.cairn.datanode.heartbeat;

import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.proto.StorageReport;
import java.util.function.Supplier;

/**
 * Where the NameNode link takes what it reports.
 *
 * @param store the replicas, for full block reports
 * @param incremental replicas received or deleted since the last report
 * @param storage the storage report sent with each heartbeat
 */
public record LocalReports(ReplicaStore store, IncrementalReports incremental, Supplier<StorageReport> storage) {}
