package io.runnel.log.storage;

import java.util.Optional;

/**
 * What a read returns: the bytes to send (empty at the end of the log or the upper bound) and the
 * log's start and end offsets at the time of the read.
 */
public record LogReadResult(Optional<FileSlice> slice, long logStartOffset, long logEndOffset) {}
