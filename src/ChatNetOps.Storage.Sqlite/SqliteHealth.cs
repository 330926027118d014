namespace ChatNetOps.Storage.Sqlite;

using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Data.Sqlite;

/// <summary>A readiness probe for the embedded store: the file opens and answers a query.</summary>
public sealed class SqliteHealth
{
    private readonly SqliteDatabase _database;

    internal SqliteHealth(SqliteDatabase database) => _database = database;

    /// <summary>True when the database file answers; false (never an exception) when it does not.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var lease = _database.Read();
            return Task.FromResult(lease.Command("PRAGMA user_version;").ExecuteScalar() is long version && version >= SqliteSchema.Version);
        }
        catch (SqliteException)
        {
            return Task.FromResult(false);
        }
        catch (ObjectDisposedException)
        {
            return Task.FromResult(false);
        }
    }
}
