namespace ChatNetOps.Testing.Storage;

using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

/// <summary>Files at <c>Storage:Sqlite:Path</c> that cannot be used: not a database, or a database with a damaged page.</summary>
public static class DamagedDatabaseFiles
{
    /// <summary>A text file where a database was expected (e.g. a config file given by mistake).</summary>
    public static void WriteNotADatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("Storage:\n  Sqlite:\n    Path: data/chatnetops.db\n", 20)));
    }

    /// <summary>A SQLite database with a table of 100 rows over many pages, whose root page is then overwritten.</summary>
    public static void WriteCorrupted(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (var connection = Open(path))
        {
            Execute(connection, "CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL);");
            for (var i = 0; i < 100; i++)
            {
                Execute(connection, $"INSERT INTO filler (text) VALUES ('{new string((char)('a' + (i % 26)), 1500)}');");
            }
        }

        CorruptRootPage(path, "filler");
    }

    /// <summary>
    /// Overwrites the first bytes of <paramref name="table"/>'s root b-tree page in the file (after a checkpoint moves
    /// the write-ahead log into it, with every connection closed): the page is no longer a b-tree page, so SQLite answers
    /// "database disk image is malformed" for any read of the table.
    /// </summary>
    public static void CorruptRootPage(string path, string table)
    {
        long pageSize;
        long rootPage;
        using (var connection = Open(path))
        {
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            pageSize = Scalar(connection, "PRAGMA page_size;");
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = $name;";
            command.Parameters.AddWithValue("$name", table);
            rootPage = Convert.ToInt64(command.ExecuteScalar() ?? throw new InvalidOperationException($"No table {table} in {path}."), CultureInfo.InvariantCulture);
            Execute(connection, "PRAGMA journal_mode = DELETE;");
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
        file.Position = (rootPage - 1) * pageSize;
        file.Write(Encoding.ASCII.GetBytes(new string('#', 64)));
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // test-only constant statements
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // test-only constant statements
        command.CommandText = sql;
#pragma warning restore CA2100
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
