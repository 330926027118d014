namespace ChatNetOps.Storage.Sqlite;

/// <summary>
/// Where the embedded store lives when <c>Storage:Sqlite:Path</c> (the hosts) or <c>--db</c> (the CLI) does not say: one
/// per-user data directory, the same whichever directory a host or the CLI is started from, so <c>dotnet run --project
/// src/ChatNetOps.Bot</c>, the worker and <c>chatnetops</c> all open the same file. On Linux that is
/// <c>$XDG_DATA_HOME/chatnetops</c> (else <c>~/.local/share/chatnetops</c>), on macOS
/// <c>~/Library/Application Support/chatnetops</c>, on Windows <c>%LOCALAPPDATA%\chatnetops</c> (.NET's
/// <see cref="Environment.SpecialFolder.LocalApplicationData"/>). The audit key and checkpoint log default to files beside
/// the database. A process with no home directory falls back to <c>data/chatnetops.db</c> under the current directory.
/// </summary>
public static class SqliteDefaults
{
    public const string FileName = "chatnetops.db";

    /// <summary>The default database file (absolute).</summary>
    public static string DatabasePath => Path.Combine(DataDirectory, FileName);

    /// <summary>The per-user data directory (absolute), not created here.</summary>
    public static string DataDirectory
    {
        get
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return string.IsNullOrEmpty(root) ? Path.GetFullPath("data") : Path.Combine(root, "chatnetops");
        }
    }
}
