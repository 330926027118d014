namespace ChatNetOps.Storage.Sqlite.Tests.Database;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

public sealed class ServiceRegistrationTests : IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task AddChatNetOpsSqliteStorage_PathFromConfiguration_ResolvesEveryPortAsSingletonsOverOneFile()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Storage:Sqlite:Path"] = _file.FilePath;
        builder.Services.AddChatNetOpsSqliteStorage();
        using var host = builder.Build();
        await host.StartAsync();

        var services = host.Services;
        Assert.Same(services.GetRequiredService<IRequestStore>(), services.GetRequiredService<IRequestStore>());
        Assert.NotNull(services.GetRequiredService<IOutputStore>());
        Assert.NotNull(services.GetRequiredService<IDeviceLockStore>());
        Assert.NotNull(services.GetRequiredService<IIncidentStore>());
        Assert.NotNull(services.GetRequiredService<IAuditStore>());
        Assert.NotNull(services.GetRequiredService<IAuditLog>());
        Assert.NotNull(services.GetRequiredService<IJobQueue>());
        Assert.NotNull(services.GetRequiredService<IResultQueue>());
        Assert.NotNull(services.GetRequiredService<IChatWorkQueue>());
        Assert.IsType<SqliteChatStateStore>(services.GetRequiredService<IChatStateStore>());
        Assert.IsType<SqliteRequestCardStore>(services.GetRequiredService<IRequestCardStore>());
        Assert.True(await services.GetRequiredService<SqliteHealth>().PingAsync(CancellationToken.None));
        Assert.True(File.Exists(_file.FilePath));
        await host.StopAsync();
    }

    [Fact]
    public async Task AddChatNetOpsSqliteStorage_EmptyPath_FailsAtStartWithAMessageNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddChatNetOpsSqliteStorage(o => o.Path = " ");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:Sqlite:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_DatabaseClosed_ReturnsFalse()
    {
        var database = _file.Open(TimeProvider.System);
        var health = new SqliteHealth(database);
        Assert.True(await health.PingAsync(CancellationToken.None));

        database.Dispose();

        Assert.False(await health.PingAsync(CancellationToken.None));
    }
}
