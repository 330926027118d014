namespace ChatNetOps.Storage.Sqlite.Tests.Database;

using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Data.Sqlite;

/// <summary>A SQLite file in a fresh temp folder; every database opened on it is closed and the folder deleted on dispose.</summary>
internal sealed class TempDatabaseFile : IDisposable
{
    private readonly List<SqliteDatabase> _opened = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chatnetops-sqlite-tests", Guid.NewGuid().ToString("N"));

    public TempDatabaseFile() => FilePath = Path.Combine(_folder, "nested", "chatnetops.db");

    public string FilePath { get; }

    /// <summary>Opens the file as a process would at start-up: its own connections, its own in-process signals.</summary>
    public SqliteDatabase Open(TimeProvider time, Action<SqliteStorageOptions>? configure = null)
    {
        var options = new SqliteStorageOptions { Path = FilePath };
        configure?.Invoke(options);
        var database = new SqliteDatabase(options, time);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    /// <summary>Opens the file with the writer's checkpoint thresholds set (small, so a test reaches them in a few writes).</summary>
    public SqliteDatabase OpenCheckpointing(TimeProvider time, int checkpointEvery, long walRestartFrames)
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { Path = FilePath }, time) { CheckpointEvery = checkpointEvery, WalRestartFrames = walRestartFrames };
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    /// <summary>A raw connection, as someone with file access (an attacker, an operator with sqlite3) would have.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        lock (_opened)
        {
            foreach (var database in _opened)
            {
                database.Dispose();
            }
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
