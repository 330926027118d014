namespace ChatNetOps.Storage.Sqlite;

using System.ComponentModel.DataAnnotations;

/// <summary>Where the embedded store keeps its single SQLite file, and how its queues behave.</summary>
public sealed class SqliteStorageOptions
{
    public const string SectionName = "Storage:Sqlite";

    /// <summary>
    /// The database file; relative paths are resolved against the current directory. Default: the per-user data directory
    /// (<see cref="SqliteDefaults"/>), the same for the bot, the worker and the CLI. Its folder is created (owner-only on Unix).
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:Sqlite:Path is required: set it to the SQLite file to use, or leave it out for the per-user default.")]
    public string Path { get; set; } = SqliteDefaults.DatabasePath;

    /// <summary>How long a statement waits for another process holding the write lock before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Storage:Sqlite:BusyTimeout must be between 100 ms and 10 minutes.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries after which a queued message is moved to the dead-letter table.</summary>
    [Range(1, 1000, ErrorMessage = "Storage:Sqlite:MaxDeliveryCount must be between 1 and 1000.")]
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>How often a waiting receiver re-reads the file, so messages queued by another process are seen.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Storage:Sqlite:QueuePollInterval must be between 10 ms and 1 minute.")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a settled message id keeps rejecting duplicates of itself.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Storage:Sqlite:DuplicateDetectionWindow must be between 0 and 7 days.")]
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Idle read connections kept open.</summary>
    [Range(1, 64, ErrorMessage = "Storage:Sqlite:MaxIdleReadConnections must be between 1 and 64.")]
    public int MaxIdleReadConnections { get; set; } = 8;
}
