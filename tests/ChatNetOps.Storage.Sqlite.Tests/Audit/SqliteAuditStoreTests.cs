namespace ChatNetOps.Storage.Sqlite.Tests.Audit;

using ChatNetOps.Core.Audit;
using ChatNetOps.Storage.Sqlite.Audit;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Audit;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteAuditStoreTests : AuditStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IAuditStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IAuditStore>(new SqliteAuditStore(_file.Open(time)));

    protected override Task TamperAsync(IAuditStore store, AuditEvent stored)
    {
        using var connection = _file.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE audit_events SET json = json_set(json, '$.device', 'tampered-device') WHERE partition = $p AND sequence = $s;";
        command.Parameters.AddWithValue("$p", stored.Partition);
        command.Parameters.AddWithValue("$s", stored.Sequence);
        Assert.Equal(1, command.ExecuteNonQuery());
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARowInAnotherJsonShape_IsReadByTheSerializer_AndStillVerified(bool altered)
    {
        // The fast reader takes only the shape the store writes; a row rewritten by hand in another shape (member names
        // in PascalCase here, which the serializer accepts) is read the slow way and still verified against its hash.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = await CreateStoreAsync(time);
        var trail = new AuditTrail(store, time);
        var actor = new ChatNetOps.Core.Requests.Actor(ChatNetOps.Core.Policy.ChatPlatform.Slack, "U1", "Alice");
        await trail.AppendAsync(new AuditEntry(AuditKind.Requested, actor) { Runbook = "show-interface", Device = "sw-01", Incident = "INC-9" }, CancellationToken.None);
        var stored = await trail.AppendAsync(new AuditEntry(AuditKind.Succeeded, actor) { Runbook = "show-interface", Device = "sw-01", Incident = "INC-9" }, CancellationToken.None);
        var rewritten = altered ? stored with { Device = "sw-99" } : stored;
        var json = System.Text.Json.JsonSerializer.Serialize(rewritten, new System.Text.Json.JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
        Assert.Contains("\"Device\":", json, StringComparison.Ordinal);
        using (var connection = _file.OpenRaw())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE audit_events SET json = $json WHERE partition = $p AND sequence = $s;";
            command.Parameters.AddWithValue("$json", json);
            command.Parameters.AddWithValue("$p", stored.Partition);
            command.Parameters.AddWithValue("$s", stored.Sequence);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var read = await store.ReadAsync(stored.Partition, CancellationToken.None).ToListAsync();
        var verdict = await new AuditVerifier(trail).VerifyAsync(stored.Partition, CancellationToken.None);

        Assert.Equal(rewritten.Device, read[^1].Device);
        Assert.Equal(altered ? "content does not match its hash (the event was altered)" : null, verdict.Problem);
    }

    protected override Task DeleteAsync(IAuditStore store, AuditEvent stored)
    {
        using var connection = _file.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM audit_events WHERE partition = $p AND sequence = $s;";
        command.Parameters.AddWithValue("$p", stored.Partition);
        command.Parameters.AddWithValue("$s", stored.Sequence);
        Assert.Equal(1, command.ExecuteNonQuery());
        return Task.CompletedTask;
    }
}
