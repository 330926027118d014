namespace ChatNetOps.Storage.Sqlite.Database;

using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

/// <summary>An open connection with its prepared commands, used by one caller at a time.</summary>
internal sealed class PooledConnection : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public PooledConnection(string connectionString, TimeSpan busyTimeout)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
        Execute($"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;");
    }

    public SqliteConnection Connection { get; }

    /// <summary>The cached, prepared command for <paramref name="sql"/> with its parameters cleared.</summary>
    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Every statement is a constant in this assembly; values are always bound as parameters.")]
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        else
        {
            command.Parameters.Clear();
        }

        return command;
    }

    public int Execute(string sql) => Command(sql).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }
}
