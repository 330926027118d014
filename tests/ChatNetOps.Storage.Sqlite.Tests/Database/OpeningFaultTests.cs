namespace ChatNetOps.Storage.Sqlite.Tests.Database;

using ChatNetOps.Storage.Sqlite.Queues;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Storage;

/// <summary>
/// A file at Storage:Sqlite:Path that cannot be used is refused when it is opened, with one message naming the file and
/// what is wrong: "Storage:Sqlite:Path {path}: {reason}; fix or move it." (hosts print it and exit 1). Before, a file
/// that is not a database failed later with SQLite's words only, and a database with a damaged page opened fine and
/// failed every read of that table (every job receive).
/// </summary>
public sealed class OpeningFaultTests : IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void Open_FileThatIsNotADatabase_NamesTheFileAndTheReason()
    {
        DamagedDatabaseFiles.WriteNotADatabase(_file.FilePath);

        var error = Assert.Throws<SqliteStorageException>(() => _file.Open(TimeProvider.System));

        Assert.Equal($"Storage:Sqlite:Path {_file.FilePath}: not a SQLite database; fix or move it.", error.Message);
        Assert.Equal(_file.FilePath, error.FilePath);
    }

    [Fact]
    public async Task Open_DatabaseWhoseQueuePageIsDamaged_FailsTheIntegrityCheck()
    {
        var time = TestData.Clock();
        var database = _file.Open(time);
        var jobs = new SqliteJobQueue(database);
        for (var i = 0; i < 20; i++)
        {
            await jobs.EnqueueAsync(TestData.Job(), CancellationToken.None);
        }

        database.Dispose();
        DamagedDatabaseFiles.CorruptRootPage(_file.FilePath, "queue_messages");

        var error = Assert.Throws<SqliteStorageException>(() => _file.Open(time));

        Assert.StartsWith($"Storage:Sqlite:Path {_file.FilePath}: the integrity check failed (PRAGMA quick_check: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); fix or move it.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DamagedDatabase_IsRefusedBeforeAnythingReadsIt()
    {
        DamagedDatabaseFiles.WriteCorrupted(_file.FilePath);

        var error = Assert.Throws<SqliteStorageException>(() => _file.Open(TimeProvider.System));

        Assert.Contains(_file.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("integrity check failed", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PathIsAFolder_SaysItCannotBeOpened()
    {
        Directory.CreateDirectory(_file.FilePath);

        var error = Assert.Throws<SqliteStorageException>(() => _file.Open(TimeProvider.System));

        Assert.StartsWith($"Storage:Sqlite:Path {_file.FilePath}: cannot be opened", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FolderOfThePathIsAFile_SaysTheFolderCannotBeCreated()
    {
        var folder = Path.GetDirectoryName(_file.FilePath)!;
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        File.WriteAllText(folder, "not a folder");

        var error = Assert.Throws<SqliteStorageException>(() => _file.Open(TimeProvider.System));

        Assert.StartsWith($"Storage:Sqlite:Path {_file.FilePath}: its folder cannot be created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_IntactDatabase_OpensAndKeepsItsData()
    {
        var time = TestData.Clock();
        var first = _file.Open(time);
        var job = TestData.Job();
        await new SqliteJobQueue(first).EnqueueAsync(job, CancellationToken.None);
        first.Dispose();

        var lease = await new SqliteJobQueue(_file.Open(time)).ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(job.JobId, lease?.Message.JobId);
    }
}
