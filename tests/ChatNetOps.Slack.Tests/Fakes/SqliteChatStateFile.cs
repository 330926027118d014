namespace ChatNetOps.Slack.Tests.Fakes;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The real embedded <see cref="IChatStateStore"/> (and <see cref="IChatWorkQueue"/>) on a temp SQLite file, registered as the bot registers it. Each
/// <see cref="Open"/> is one more process ("replica") on the same file.
/// </summary>
public sealed class SqliteChatStateFile : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-slack-state-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> _opened = [];

    public IChatStateStore Open(TimeProvider time) => OpenWithQueue(time).State;

    /// <summary>The chat state store and the chat work queue of one more process on the file.</summary>
    public (IChatStateStore State, IChatWorkQueue Queue) OpenWithQueue(TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(time);
        services.AddChatNetOpsSqliteStorage(o => o.Path = Path.Combine(_directory, "bot.db"));
        var provider = services.BuildServiceProvider();
        _opened.Add(provider);
        return (provider.GetRequiredService<IChatStateStore>(), provider.GetRequiredService<IChatWorkQueue>());
    }

    public void Dispose()
    {
        _opened.ForEach(p => p.Dispose());
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
