namespace ChatNetOps.Storage.Sqlite.Tests.Database;

using System.Text;
using ChatNetOps.Storage.Sqlite.Audit;

/// <summary>
/// The database holds raw device output and the audit trail: on Unix the embedded store creates its file, the file's
/// -wal and -shm companions, its folder and the checkpoint log readable by the owner only, whatever the umask (typically
/// 022, which would leave them 644). An existing database, -wal, -shm or checkpoint log others can read (as versions
/// before the owner-only rule left them) is tightened when it is opened; existing folders are left as they are.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests : IDisposable
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private const UnixFileMode WorldReadable = OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task TheDatabase_ItsWalAndShm_AndItsNewFolder_AreOwnerOnly()
    {
        var database = _file.Open(TimeProvider.System);
        await database.WriteAsync(c => c.Execute("CREATE TABLE mode_probe (x TEXT); INSERT INTO mode_probe VALUES ('show run');"), CancellationToken.None);

        Assert.Equal(OwnerFile, File.GetUnixFileMode(_file.FilePath));
        Assert.True(File.Exists(_file.FilePath + "-wal"));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(_file.FilePath + "-wal"));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(_file.FilePath + "-shm"));
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.GetDirectoryName(_file.FilePath)!));
    }

    [Fact]
    public void AnExistingDatabaseOthersCouldRead_IsTightenedWhenOpened()
    {
        _file.Open(TimeProvider.System).Dispose();
        File.SetUnixFileMode(_file.FilePath, OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        _file.Open(TimeProvider.System);

        Assert.Equal(OwnerFile, File.GetUnixFileMode(_file.FilePath));
    }

    [Fact]
    public async Task TheCheckpointLog_AndItsFolder_AreOwnerOnly()
    {
        var folder = Path.Combine(Path.GetDirectoryName(_file.FilePath)!, "anchors");
        var path = Path.Combine(folder, "chatnetops.audit-checkpoints.jsonl");
        using var sink = new FileCheckpointSink(path, TimeProvider.System);

        Assert.True(await sink.TryAppendAsync(1, Encoding.UTF8.GetBytes("{\"checkpoint\":1}\n"), CancellationToken.None));

        Assert.Equal(OwnerFile, File.GetUnixFileMode(path));
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(folder));
    }

    [Fact]
    public async Task ACheckpointLogAndLockAnOlderVersionLeft644_AreTightenedWhenTheNextCheckpointIsAppended()
    {
        var folder = Path.GetDirectoryName(_file.FilePath)!;
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var path = Path.Combine(folder, "chatnetops.audit-checkpoints.jsonl");
        await File.WriteAllTextAsync(path, "{\"checkpoint\":1}\n");
        await File.WriteAllTextAsync(path + ".lock", string.Empty);
        File.SetUnixFileMode(path, WorldReadable);
        File.SetUnixFileMode(path + ".lock", WorldReadable);
        using var sink = new FileCheckpointSink(path, TimeProvider.System);

        Assert.True(await sink.TryAppendAsync(2, Encoding.UTF8.GetBytes("{\"checkpoint\":2}\n"), CancellationToken.None));

        Assert.Equal(OwnerFile, File.GetUnixFileMode(path));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(path + ".lock"));
        Assert.Equal("{\"checkpoint\":1}\n{\"checkpoint\":2}\n", await File.ReadAllTextAsync(path));

        // A folder that already existed is the operator's: its mode is left as it was.
        Assert.Equal(UnixFileMode.OtherRead, File.GetUnixFileMode(folder) & UnixFileMode.OtherRead);
    }

    [Fact]
    public async Task TheWalAndShmAnOlderVersionLeft644_AreTightenedWithTheDatabaseWhenOpened()
    {
        _file.Open(TimeProvider.System).Dispose();
        File.SetUnixFileMode(_file.FilePath, WorldReadable);

        // An older version (or sqlite3) holding the database in WAL mode: SQLite gives -wal and -shm the database's 644.
        using var older = _file.OpenRaw();
        using (var write = older.CreateCommand())
        {
            write.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE older_rows (x TEXT); INSERT INTO older_rows VALUES ('show run');";
            await write.ExecuteNonQueryAsync();
        }

        Assert.Equal(WorldReadable, File.GetUnixFileMode(_file.FilePath + "-wal"));
        Assert.Equal(WorldReadable, File.GetUnixFileMode(_file.FilePath + "-shm"));

        _file.Open(TimeProvider.System);

        Assert.Equal(OwnerFile, File.GetUnixFileMode(_file.FilePath));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(_file.FilePath + "-wal"));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(_file.FilePath + "-shm"));
    }
}
