namespace ChatNetOps.Slack.Tests.Fakes;

using ChatNetOps.Core.Channels;
using Microsoft.Extensions.DependencyInjection;
using Moq;

/// <summary>
/// A host's <see cref="IChatStateStore"/> port as a Moq mock that passes every call through to the real store the host
/// registered (SQLite), until a test injects a fault for some keys (Moq: the latest matching setup wins).
/// </summary>
public sealed class ChatStateMock
{
    private IChatStateStore? _real;

    private ChatStateMock() => Recover();

    public Mock<IChatStateStore> Mock { get; } = new();

    /// <summary>Replaces the port in <paramref name="factory"/>'s host (before it starts) with the mock.</summary>
    public static ChatStateMock Install(SlackBotFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var installed = new ChatStateMock();
        factory.TestServices.Add(services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IChatStateStore));
            var implementation = registered.ImplementationType
                ?? throw new InvalidOperationException("The host registered IChatStateStore by factory or instance; ChatStateMock needs its implementation type.");
            services.Remove(registered);
            services.AddSingleton(implementation);
            services.AddSingleton(sp =>
            {
                installed._real = (IChatStateStore)sp.GetRequiredService(implementation);
                return installed.Mock.Object;
            });
        });
        return installed;
    }

    /// <summary>From now on, adds of keys starting with <paramref name="prefix"/> fail as an unreachable store's would.</summary>
    public void FailAddsOf(string prefix) =>
        Mock.Setup(s => s.TryAddAsync(It.Is<string>(k => k.StartsWith(prefix, StringComparison.Ordinal)), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(Unreachable());

    /// <summary>From now on, reads of keys starting with <paramref name="prefix"/> fail as an unreachable store's would.</summary>
    public void FailReadsOf(string prefix) =>
        Mock.Setup(s => s.GetAsync(It.Is<string>(k => k.StartsWith(prefix, StringComparison.Ordinal)), It.IsAny<CancellationToken>()))
            .ThrowsAsync(Unreachable());

    /// <summary>The store is reachable again: every call passes through to the real store.</summary>
    public void Recover()
    {
        Mock.Setup(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns((string key, string value, DateTimeOffset expiresAt, CancellationToken ct) => Real.TryAddAsync(key, value, expiresAt, ct));
        Mock.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string key, CancellationToken ct) => Real.GetAsync(key, ct));
    }

    /// <summary>Waits (bounded) until the port was asked at least <paramref name="count"/> times to read keys starting with <paramref name="prefix"/>.</summary>
    public async Task WaitForReadsOfAsync(string prefix, int count, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Mock.Invocations.Count(i => i.Method.Name == nameof(IChatStateStore.GetAsync) && i.Arguments[0] is string key && key.StartsWith(prefix, StringComparison.Ordinal)) < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The chat state store was not asked {count} times to read a key starting with '{prefix}'.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    /// <summary>How many adds of <paramref name="key"/> the port was asked for.</summary>
    public int AddsOf(string key) =>
        Mock.Invocations.Count(i => i.Method.Name == nameof(IChatStateStore.TryAddAsync) && i.Arguments[0] as string == key);

    private IChatStateStore Real => _real ?? throw new InvalidOperationException("The host has not resolved IChatStateStore yet.");

    private static TimeoutException Unreachable() => new("The chat state store did not answer (injected fault).");
}
