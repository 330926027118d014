namespace ChatNetOps.Teams.Tests.Infrastructure;

using ChatNetOps.Core.Channels;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Teams.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The embedded SQLite stores on a temp file, as the bot host wires them; <see cref="Open"/> gives a fresh provider on
/// the same file, which is what a restarted bot (or another replica) sees.
/// </summary>
public sealed class TempEndpointStore : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-teams-store-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> _providers = [];

    public IConversationEndpointStore Open()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddChatNetOpsSqliteStorage(o => o.Path = Path.Combine(_directory, "bot.db"));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IConversationEndpointStore>();
    }

    internal ServiceUrlRegistry NewRegistry(TimeProvider? time = null) =>
        new(Open(), ServiceUrlPolicies.For(), time ?? TimeProvider.System, NullLogger<ServiceUrlRegistry>.Instance);

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
