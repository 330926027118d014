namespace ChatNetOps.Azure.Tests.Audit;

using System.Text;
using ChatNetOps.Azure.Audit;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>The Blob checkpoint sink against Azurite: one blob per checkpoint, created once (If-None-Match: *), read in order.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobCheckpointSinkTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Appends_OnlyTheNextPosition_NeverOverwrites_AndReadsBackInOrder()
    {
        var container = azurite.NewContainer();
        var sink = new BlobCheckpointSink(container, "checkpoints/", createContainer: true);

        for (var i = 1; i <= 13; i++)
        {
            Assert.True(await sink.TryAppendAsync(i, Line($"r{i}"), Ct));
        }

        Assert.False(await sink.TryAppendAsync(13, Line("overwrite"), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.TryAppendAsync(15, Line("gap"), Ct));

        var records = new List<CheckpointRecord>();
        await foreach (var record in sink.ReadAsync(1, Ct))
        {
            records.Add(record);
        }

        Assert.Equal(Enumerable.Range(1, 13).Select(i => $"r{i}\n"), records.Select(r => Encoding.UTF8.GetString(r.Content.Span)));
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), records.Select(r => r.Position));
        Assert.EndsWith("/checkpoints/000000000013.json", records[^1].Location, StringComparison.Ordinal);
        var last = await sink.ReadLastAsync(Ct);
        Assert.Equal(13, last?.Position);
        Assert.Equal("r13\n", Encoding.UTF8.GetString(last!.Content.Span));
    }

    [Fact]
    public async Task EmptyOrMissingContainer_HoldsNoCheckpoint()
    {
        var sink = new BlobCheckpointSink(azurite.NewContainer(), "checkpoints/", createContainer: false);

        Assert.Null(await sink.ReadLastAsync(Ct));
        await foreach (var _ in sink.ReadAsync(1, Ct))
        {
            Assert.Fail("a missing container holds no checkpoint");
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.TryAppendAsync(1, Line("x"), Ct));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoWritersRacingForOnePosition_OneWins()
    {
        var container = azurite.NewContainer();
        await container.CreateAsync();
        var one = new BlobCheckpointSink(container, "c/", createContainer: false);
        var two = new BlobCheckpointSink(azurite.Client.GetBlobContainerClient(container.Name), "c/", createContainer: false);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? one : two).TryAppendAsync(1, Line($"w{i}"), Ct)));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task AnchoredTrail_OnBlobCheckpoints_DetectsATruncatedTail()
    {
        var time = TestData.Clock();
        var store = new MemoryAuditStore();
        var keys = new StaticAuditKeyRing();
        var sink = new BlobCheckpointSink(azurite.NewContainer(), "checkpoints/", createContainer: true);
        using var log = new AuditCheckpointLog(sink, keys, fullEvery: 2);
        using var anchor = new AuditAnchor(log, store, Options.Create(new AuditCheckpointOptions { FullEvery = 2 }), time, NullLogger<AuditAnchor>.Instance);
        var trail = new AuditTrail(store, time, anchor);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                await trail.AppendAsync(TestData.AuditEntry(incident: "INC-" + (700 + round)), Ct);
            }

            Assert.NotNull(await anchor.CheckpointAsync(AuditCheckpointReason.Requested, Ct));
        }

        var state = await AuditCheckpointLog.VerifyAsync(sink, keys, Ct);
        Assert.Empty(state.Problems);
        Assert.Equal(3, state.Verified);
        Assert.Equal(3, state.Heads.Count);
        Assert.True((await new AuditVerifier(trail).VerifyAllAsync(state, Ct)).IsIntact);

        store.Partitions["INC-701"].RemoveAt(3);
        var report = await new AuditVerifier(trail).VerifyAllAsync(await AuditCheckpointLog.VerifyAsync(sink, keys, Ct), Ct);

        Assert.False(report.IsIntact);
        Assert.Contains("tail truncated", report.Chains.Single(c => c.Partition == "INC-701").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_BuildsTheSinkFromConfiguration_AndRefusesAKeyOffTheEmulator()
    {
        var container = "t" + Guid.NewGuid().ToString("N")[..20];
        await using (var provider = Provider(new()
        {
            ["Audit:Checkpoints:Blob:ServiceUri"] = azurite.ServiceUri.AbsoluteUri,
            ["Audit:Checkpoints:Blob:Container"] = container,
            ["Audit:Checkpoints:Blob:CreateContainer"] = "true",
            ["Audit:Checkpoints:Blob:AccountName"] = AzuriteFixture.AccountName,
            ["Audit:Checkpoints:Blob:AccountKey"] = AzuriteFixture.AccountKey,
        }))
        {
            var sink = provider.GetRequiredService<IAuditCheckpointSink>();
            Assert.True(await sink.TryAppendAsync(1, Line("one"), Ct));
            Assert.Contains($"/{container}/checkpoints/", sink.Description, StringComparison.Ordinal);
        }

        await using var remote = Provider(new()
        {
            ["Audit:Checkpoints:Blob:ServiceUri"] = "https://staudit.blob.core.windows.net/",
            ["Audit:Checkpoints:Blob:AccountName"] = "staudit",
            ["Audit:Checkpoints:Blob:AccountKey"] = AzuriteFixture.AccountKey,
        });
        var e = Assert.Throws<OptionsValidationException>(() => remote.GetRequiredService<IOptions<BlobCheckpointOptions>>().Value);
        Assert.Contains("emulator on 127.0.0.1 only", e.Message, StringComparison.Ordinal);

        await using var plain = Provider(new() { ["Audit:Checkpoints:Blob:ServiceUri"] = "http://storage.example/" });
        e = Assert.Throws<OptionsValidationException>(() => plain.GetRequiredService<IOptions<BlobCheckpointOptions>>().Value);
        Assert.Contains("absolute https URI", e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddChatNetOpsBlobAuditCheckpoints();
        return services.BuildServiceProvider();
    }

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");
}
