namespace ChatNetOps.Cli.Tests.Storage;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Testing.Storage;

/// <summary>
/// The commands that open the database (--db) refuse a file that cannot be used with one line naming it and the reason,
/// and exit 1; before, they ended in an unhandled SqliteException that did not name the file.
/// </summary>
public sealed class DatabaseFaultTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-cli-db-" + Guid.NewGuid().ToString("N"));

    public DatabaseFaultTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("audit", "verify")]
    [InlineData("incident", "export", "INC-1")]
    public async Task Command_OnAFileThatIsNotADatabase_ExitsOneNamingTheFile(params string[] command)
    {
        var database = Path.Combine(_directory, "config.yaml");
        DamagedDatabaseFiles.WriteNotADatabase(database);

        var (code, stderr) = await RunAsync([.. command, "--db", database, "--inventory", InventoryPaths.Resolve("inventory")]);

        Assert.Equal(1, code);
        Assert.Equal($"chatnetops {command[0]} {command[1]}: Storage:Sqlite:Path {database}: not a SQLite database; fix or move it.", stderr.TrimEnd());
    }

    [Fact]
    public async Task AuditVerify_OnADamagedDatabase_ExitsOneSayingTheIntegrityCheckFailed()
    {
        var database = Path.Combine(_directory, "chatnetops.db");
        DamagedDatabaseFiles.WriteCorrupted(database);

        var (code, stderr) = await RunAsync(["audit", "verify", "--db", database, "--inventory", InventoryPaths.Resolve("inventory")]);

        Assert.Equal(1, code);
        Assert.StartsWith($"chatnetops audit verify: Storage:Sqlite:Path {database}: the integrity check failed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_OnAFileThatIsNotADatabase_ExitsOneNamingTheFile()
    {
        var database = Path.Combine(_directory, "notes.txt");
        DamagedDatabaseFiles.WriteNotADatabase(database);

        var (code, stderr) = await RunAsync(["chat", "--as", "alice", "--inventory", InventoryPaths.Resolve("inventory"), "--db", database]);

        Assert.Equal(1, code);
        Assert.Contains($"chatnetops chat: Storage:Sqlite:Path {database}: not a SQLite database; fix or move it.", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stderr)> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stderr.ToString());
    }
}
