package io.cairn.datanode.storage;

import java.nio.file.Path;

/**
 * A volume taken out of service.
 *
 * @param root its data folder
 * @param reason what its check found (or why it could not be opened at start)
 */
public record FailedVolume(Path root, String reason) {}
