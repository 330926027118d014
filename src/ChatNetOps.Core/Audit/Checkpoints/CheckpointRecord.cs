namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>One stored checkpoint exactly as the sink holds it.</summary>
/// <param name="Position">Its place in the log, from 1 (a file's line number, a blob's number).</param>
/// <param name="Location">Where it is, for people ("line 7 of /data/chatnetops.audit-checkpoints.jsonl", a blob name).</param>
/// <param name="Content">The record's bytes (one line of canonical JSON when a writer made it).</param>
public sealed record CheckpointRecord(long Position, string Location, ReadOnlyMemory<byte> Content);
