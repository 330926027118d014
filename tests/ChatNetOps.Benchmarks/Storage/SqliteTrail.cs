namespace ChatNetOps.Benchmarks.Storage;

using ChatNetOps.Core.Audit;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>What the audit-trail suites (report, device-change backfill) share: the SQLite stores on one file, and an audit log that counts what it appended.</summary>
internal static class SqliteTrail
{
    /// <summary>The SQLite stores on <paramref name="path"/>, as the bot registers them.</summary>
    public static ServiceProvider Services(string path)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Storage:Sqlite:Path"] = path;
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(builder.Configuration);
        services.AddLogging();
        services.AddChatNetOpsSqliteStorage();
        return services.BuildServiceProvider();
    }
}

/// <summary>An audit log that counts the events appended through it.</summary>
internal sealed class CountingLog(IAuditLog inner) : IAuditLog
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var appended = await inner.AppendAsync(entry, cancellationToken);
        Interlocked.Increment(ref _count);
        return appended;
    }

    public IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken) => inner.ReadAsync(partition, cancellationToken);

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) => inner.ListPartitionsAsync(cancellationToken);
}
