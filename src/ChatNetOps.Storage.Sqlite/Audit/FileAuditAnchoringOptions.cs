namespace ChatNetOps.Storage.Sqlite.Audit;

/// <summary>
/// Where the embedded audit anchoring keeps its two files, both beside the database and never inside it:
/// <c>Audit:Checkpoints:Path</c> (the append-only checkpoint log, one line per checkpoint; default
/// <c>&lt;database&gt;.audit-checkpoints.jsonl</c>) and <c>Audit:Key:Path</c> (the HMAC key, created on first start with mode
/// 600; default <c>&lt;database&gt;.audit-key</c>). Put them on storage the database's administrators cannot rewrite (or ship
/// the log off regularly with <c>chatnetops audit checkpoints</c>): the files are only as safe as where they live.
/// </summary>
public sealed class FileAuditAnchoringOptions
{
    /// <summary>The checkpoint log; empty: beside the SQLite file.</summary>
    public string? CheckpointsPath { get; set; }

    /// <summary>The key file; empty: beside the SQLite file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The default paths beside <paramref name="databasePath"/>: <c>data/chatnetops.db</c> → <c>data/chatnetops.audit-checkpoints.jsonl</c>, <c>data/chatnetops.audit-key</c>.</summary>
    public static (string Checkpoints, string Key) BesideDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var full = Path.GetFullPath(databasePath);
        var stem = Path.Combine(Path.GetDirectoryName(full) ?? ".", Path.GetFileNameWithoutExtension(full));
        return (stem + ".audit-checkpoints.jsonl", stem + ".audit-key");
    }
}
