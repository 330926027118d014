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
