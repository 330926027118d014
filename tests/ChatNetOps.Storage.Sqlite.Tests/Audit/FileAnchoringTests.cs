namespace ChatNetOps.Storage.Sqlite.Tests.Audit;

using System.Text;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Storage.Sqlite.Audit;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>The embedded anchoring: the checkpoint log and its key as files beside (not inside) the database.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileAnchoringTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDatabaseFile _file = new();

    private string Folder => Path.GetDirectoryName(_file.FilePath)!;

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task KeyFile_IsCreatedOnFirstStartWithMode600_AndReadBackWithTheSameId()
    {
        var path = Path.Combine(Folder, "audit-key");
        using var created = new FileAuditKeyRing(path, createIfMissing: true, TimeProvider.System);
        var key = await created.GetSigningKeyAsync(Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("created on this start, mode 600", created.Description, StringComparison.Ordinal);
        Assert.StartsWith("file-", key.Id, StringComparison.Ordinal);
        using var reread = new FileAuditKeyRing(path, createIfMissing: false, TimeProvider.System);
        Assert.Equal(key.Id, (await reread.GetSigningKeyAsync(Ct)).Id);
        Assert.NotNull(await reread.FindAsync(key.Id, Ct));
        Assert.Null(await reread.FindAsync("file-0000000000000000", Ct));
    }

    [Fact]
    public async Task KeyFile_ReadableByOthers_IsRefusedNamingTheFix()
    {
        var path = Path.Combine(Folder, "audit-key");
        using (var created = new FileAuditKeyRing(path, createIfMissing: true, TimeProvider.System))
        {
            await created.GetSigningKeyAsync(Ct);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var ring = new FileAuditKeyRing(path, createIfMissing: false, TimeProvider.System);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ring.GetSigningKeyAsync(Ct));
        Assert.Contains($"chmod 600 {path}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFile_TooShortOrMissing_IsRefused()
    {
        var path = Path.Combine(Folder, "audit-key");
        using var missing = new FileAuditKeyRing(path, createIfMissing: false, TimeProvider.System);
        await Assert.ThrowsAsync<FileNotFoundException>(() => missing.GetSigningKeyAsync(Ct));

        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(path, Convert.ToBase64String(new byte[16]), Ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var ring = new FileAuditKeyRing(path, createIfMissing: false, TimeProvider.System);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ring.GetSigningKeyAsync(Ct));
        Assert.Contains("at least 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointFile_AppendsOnlyTheNextPosition_AcrossTwoWriters()
    {
        var path = Path.Combine(Folder, "checkpoints.jsonl");
        using var one = new FileCheckpointSink(path, TimeProvider.System);
        using var two = new FileCheckpointSink(path, TimeProvider.System);

        Assert.True(await one.TryAppendAsync(1, Line("a"), Ct));
        Assert.False(await two.TryAppendAsync(1, Line("b"), Ct));
        Assert.True(await two.TryAppendAsync(2, Line("c"), Ct));
        Assert.False(await one.TryAppendAsync(2, Line("d"), Ct));
        Assert.True(await one.TryAppendAsync(3, Line("e"), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => two.TryAppendAsync(5, Line("f"), Ct));

        var records = await ReadAllAsync(one);
        Assert.Equal(["a", "c", "e"], records.Select(r => Encoding.UTF8.GetString(r.Content.Span)));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Position));
        Assert.Equal(3, (await two.ReadLastAsync(Ct))?.Position);
        await Assert.ThrowsAsync<ArgumentException>(() => one.TryAppendAsync(4, "two\nlines\n"u8.ToArray(), Ct));
    }

    [Fact]
    public async Task CheckpointFile_TornLastLine_StaysARecordOfItsOwn_AndVerificationNamesIt()
    {
        var path = Path.Combine(Folder, "checkpoints.jsonl");
        var keys = new Testing.Audit.StaticAuditKeyRing();
        using var sink = new FileCheckpointSink(path, TimeProvider.System);
        var first = Checkpoint(1, AuditCheckpointCodec.Genesis, keys.Key);
        Assert.True(await sink.TryAppendAsync(1, AuditCheckpointCodec.ToRecord(first), Ct));
        await File.AppendAllTextAsync(path, "{\"v\":1,\"seq", Ct);

        // The next writer counts the torn line as record 2 and writes 3 on a line of its own.
        using var next = new FileCheckpointSink(path, TimeProvider.System);
        Assert.False(await next.TryAppendAsync(2, AuditCheckpointCodec.ToRecord(Checkpoint(2, first.Mac, keys.Key)), Ct));
        Assert.True(await next.TryAppendAsync(3, AuditCheckpointCodec.ToRecord(Checkpoint(3, first.Mac, keys.Key)), Ct));

        var state = await AuditCheckpointLog.VerifyAsync(next, keys, Ct);
        var problem = Assert.Single(state.Problems);
        Assert.Equal(2, problem.Position);
        Assert.Contains("not a checkpoint", problem.Problem, StringComparison.Ordinal);
        Assert.Contains($"line 2 of {path}", problem.Location, StringComparison.Ordinal);
        Assert.Equal(3, state.Latest?.Sequence);
    }

    [Fact]
    public async Task EmbeddedHost_KeepsCheckpointsAndKeyBesideTheDatabase_AndAnchorsAtStop()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = _file.FilePath,
            ["Inventory:Path"] = Core.Inventory.InventoryPaths.Resolve("inventory"),
        }).Build());
        services.AddLogging();
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        await using var provider = services.BuildServiceProvider();

        var sink = Assert.IsType<FileCheckpointSink>(provider.GetRequiredService<IAuditCheckpointSink>());
        var keys = Assert.IsType<FileAuditKeyRing>(provider.GetRequiredService<IAuditKeyRing>());
        Assert.Equal(Path.Combine(Folder, "chatnetops.audit-checkpoints.jsonl"), sink.FilePath);
        Assert.Equal(Path.Combine(Folder, "chatnetops.audit-key"), keys.FilePath);

        var hosted = provider.GetServices<IHostedService>().OfType<AuditAnchorService>().Single();
        await hosted.StartAsync(Ct);
        Assert.True(File.Exists(keys.FilePath));
        var audit = provider.GetRequiredService<IAuditLog>();
        await audit.AppendAsync(TestData.AuditEntry(incident: "INC-9"), Ct);
        await audit.AppendAsync(TestData.AuditEntry(incident: "INC-9"), Ct);
        await hosted.StopAsync(Ct);

        var state = await AuditCheckpointLog.VerifyAsync(sink, keys, Ct);
        Assert.Empty(state.Problems);
        Assert.Equal(2, state.Heads["INC-9"].Sequence);
    }

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");

    private static AuditCheckpoint Checkpoint(long sequence, string previous, AuditKey key)
    {
        ChainHead[] heads = [new("INC-1", sequence, new string('a', 64))];
        return AuditCheckpointCodec.Sign(
            new AuditCheckpoint(sequence, TestData.Epoch, AuditCheckpointReason.Requested, "test", true, heads, 1, AuditCheckpointCodec.StateHash(heads), previous, key.Id, string.Empty),
            key);
    }

    private static async Task<List<CheckpointRecord>> ReadAllAsync(IAuditCheckpointSink sink)
    {
        var records = new List<CheckpointRecord>();
        await foreach (var record in sink.ReadAsync(1, Ct))
        {
            records.Add(record);
        }

        return records;
    }
}
