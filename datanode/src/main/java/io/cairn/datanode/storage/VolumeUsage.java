package io.cairn.datanode.storage;

/**
 * Space on one volume, in bytes.
 *
 * @param capacityBytes size of the file system the volume lives on
 * @param usedBytes bytes held by replicas (data and checksums)
 * @param remainingBytes bytes still free for new replicas (usable space less the reserve)
 */
public record VolumeUsage(long capacityBytes, long usedBytes, long remainingBytes) {}
