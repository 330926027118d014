namespace ChatNetOps.Storage.Sqlite.Database;

using Microsoft.Data.Sqlite;

/// <summary>A reader connection borrowed from <see cref="SqliteDatabase"/>; dispose to give it back.</summary>
internal readonly struct ConnectionLease(SqliteDatabase database, PooledConnection connection) : IDisposable
{
    public SqliteCommand Command(string sql) => connection.Command(sql);

    public void Dispose() => database.Return(connection);
}
