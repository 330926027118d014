namespace ChatNetOps.Storage.Sqlite.Tests.Database;

using System.Text;
using ChatNetOps.Storage.Sqlite.Audit;

/// <summary>
/// The database holds raw device output and the audit trail: on Unix the embedded store creates its file, the file's
/// -wal and -shm companions, its folder and the checkpoint log readable by the owner only, whatever the umask (typically
/// 022, which would leave them 644). An existing database others can read is tightened when it is opened.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests : IDisposable
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
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
}
