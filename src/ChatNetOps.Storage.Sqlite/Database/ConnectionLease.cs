namespace ChatNetOps.Storage.Sqlite.Database;

using Microsoft.Data.Sqlite;

/// <summary>A connection borrowed from <see cref="SqliteDatabase"/>; dispose to give it back.</summary>
internal readonly struct ConnectionLease(SqliteDatabase database, PooledConnection connection, bool isWriter) : IDisposable
{
    public PooledConnection Connection => connection;

    public SqliteCommand Command(string sql) => connection.Command(sql);

    /// <summary>Runs <paramref name="work"/> inside BEGIN IMMEDIATE ... COMMIT, rolling back when it throws.</summary>
    public T InTransaction<T>(Func<PooledConnection, T> work)
    {
        connection.Execute("BEGIN IMMEDIATE;");
        T result;
        try
        {
            result = work(connection);
        }
        catch
        {
            connection.Execute("ROLLBACK;");
            throw;
        }

        connection.Execute("COMMIT;");
        return result;
    }

    public void Dispose() => database.Return(connection, isWriter);
}
