namespace ChatNetOps.Storage.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>
/// The SQLite file of <c>Storage:Sqlite:Path</c> cannot be used (not a database, corrupted, unreadable, ...). Thrown when
/// the file is opened at start; the hosts and the CLI print <see cref="Exception.Message"/> and exit 1.
/// </summary>
public sealed class SqliteStorageException : InvalidOperationException
{
    public SqliteStorageException()
    {
        FilePath = string.Empty;
        Reason = string.Empty;
    }

    public SqliteStorageException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    public SqliteStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    private SqliteStorageException(string filePath, string reason, Exception? innerException)
        : base($"Storage:Sqlite:Path {filePath}: {reason}; fix or move it.", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, in words.</summary>
    public string Reason { get; }

    internal static SqliteStorageException For(string filePath, string reason) => new(filePath, reason, null);

    internal static SqliteStorageException For(string filePath, Exception error) => new(filePath, Describe(error), error);

    private static string Describe(Exception error) => error switch
    {
        // Primary result codes: https://www.sqlite.org/rescode.html
        SqliteException { SqliteErrorCode: 26 } => "not a SQLite database",
        SqliteException { SqliteErrorCode: 11 } e => $"the database is corrupted ({Detail(e)})",
        SqliteException { SqliteErrorCode: 14 } e => $"cannot be opened: a folder, or no permission on it or its folder ({Detail(e)})",
        SqliteException { SqliteErrorCode: 8 } e => $"read-only: the process must be able to write the file and its folder ({Detail(e)})",
        SqliteException { SqliteErrorCode: 3 or 23 } e => $"permission denied ({Detail(e)})",
        SqliteException { SqliteErrorCode: 5 or 6 } e => $"locked by another process for longer than Storage:Sqlite:BusyTimeout ({Detail(e)})",
        SqliteException { SqliteErrorCode: 13 } e => $"the disk is full ({Detail(e)})",
        SqliteException { SqliteErrorCode: 10 } e => $"an I/O error ({Detail(e)})",
        SqliteException e => Detail(e),
        IOException or UnauthorizedAccessException => $"its folder cannot be created ({error.Message})",
        _ => error.Message,
    };

    /// <summary>SQLite's own words, e.g. <c>database disk image is malformed</c>.</summary>
    private static string Detail(SqliteException error)
    {
        var text = error.Message;
        var start = text.IndexOf('\'', StringComparison.Ordinal);
        var end = text.LastIndexOf('\'');
        return start >= 0 && end > start ? "SQLite: " + text[(start + 1)..end] : text;
    }
}
