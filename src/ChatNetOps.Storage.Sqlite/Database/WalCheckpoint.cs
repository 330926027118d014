namespace ChatNetOps.Storage.Sqlite.Database;

/// <summary>
/// What one <c>PRAGMA wal_checkpoint</c> reported: whether it could not run (another checkpoint held the lock), the
/// frames in the WAL, how many of them are now in the file; and whether the writer ran it (else the checkpointer did).
/// </summary>
internal readonly record struct WalCheckpoint(bool Busy, long LogFrames, long CheckpointedFrames, bool OnWriter);
