namespace ChatNetOps.Bot.Tests.Health;

using System.Net;
using System.Net.Sockets;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Testing.Hosting;

/// <summary>
/// A start failure an operator fixes in configuration ends the bot with plain lines on stderr and exit code 1. Before,
/// settings that failed validation, an inventory that did not load, or an address already in use aborted the process
/// (exit 134) with about sixty lines of stack trace, and options resolved while endpoints were mapped escaped even the
/// storage check. A value the configuration binder cannot convert, an unknown provider name, or an option read while the
/// services were composed (before the host was built) still aborted it the same way; and even the handled faults were
/// preceded on stdout by the host's own "Hosting failed to start" with a stack trace (and, for an address in use, a
/// misleading "crit: A BackgroundService has thrown an unhandled exception").
/// </summary>
public sealed class ConfigurationFaultTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-bot-config-" + Guid.NewGuid().ToString("N"));

    public ConfigurationFaultTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Lab__FailureRate", "2", "Configuration is not valid: ", "Lab:FailureRate must be between 0 and 1")]
    [InlineData("Alerts__Alertmanager__BearerToken", "short", "Configuration is not valid: ", "Alerts:Alertmanager:BearerToken must be at least 16 characters")]
    [InlineData("Slack__SigningSecret", "0123456789abcdef0123456789abcdef", "Configuration is not valid: ", "Slack:BotToken is required")]
    [InlineData("Alerts__Alertmanager__Username", "am", "Configuration is not valid: ", "Alerts:Alertmanager:")]
    [InlineData("Requests__ApprovalExpiry", "abc", "Configuration is not valid: ", "'abc' at 'Requests:ApprovalExpiry' to type 'System.TimeSpan'")]
    [InlineData("Worker__Embedded", "maybe", "Configuration is not valid: ", "'maybe' at 'Worker:Embedded' to type 'System.Boolean'")]
    [InlineData("Storage__Provider", "Sqlit", "Configuration is not valid: ", "Storage:Provider 'Sqlit' is not supported; use one of: Sqlite, Cosmos.")]
    public async Task InvalidSetting_ExitsOneWithTheReasonAndNoStackTrace(string key, string value, string prefix, string reason)
    {
        var exit = await RunBotAsync(new() { [key] = value });

        Assert.Equal(1, exit.Code);
        var error = exit.Error.Trim();
        Assert.StartsWith(prefix, error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        AssertNoHostFaultLog(exit.Output);
    }

    [Fact]
    public async Task InventoryThatDoesNotLoad_ExitsOneNamingTheFileAndLine()
    {
        var inventory = Path.Combine(_directory, "inventory");
        CopyDirectory(InventoryPaths.Resolve("inventory"), inventory);
        var policy = Path.Combine(inventory, "policy.yaml");
        var lines = File.ReadAllLines(policy);
        var grant = Array.FindIndex(lines, l => l.TrimStart().StartsWith("device_groups:", StringComparison.Ordinal));
        lines[grant] = lines[grant][..lines[grant].IndexOf('d', StringComparison.Ordinal)] + "device_groups: [\"nosuchgroup\"]";
        File.WriteAllLines(policy, lines);

        var exit = await RunBotAsync(new() { ["Inventory__Path"] = inventory });

        Assert.Equal(1, exit.Code);
        var error = exit.Error.Trim();
        Assert.StartsWith("Inventory: ", error, StringComparison.Ordinal);
        Assert.Contains($"{policy}:{grant + 1}: ", error, StringComparison.Ordinal);
        Assert.Contains("'nosuchgroup'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressInUse_ExitsOneNamingTheAddress()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var exit = await RunBotAsync(new() { ["ASPNETCORE_URLS"] = address });

        Assert.Equal(1, exit.Code);
        Assert.Equal(
            $"Failed to bind to address {address}: address already in use. Stop the other process or choose another address: `dotnet run --project src/ChatNetOps.Bot -- --urls http://127.0.0.1:PORT` (under `dotnet run` the launch profile's applicationUrl wins over ASPNETCORE_URLS unless you add --no-launch-profile).",
            exit.Error.Trim());
        AssertNoHostFaultLog(exit.Output);
    }

    /// <summary>
    /// The host's log (stdout) has no trace of the fault HostRun explains: no "Hosting failed to start", no crit from a
    /// background service that only saw the start being cancelled, no stack lines.
    /// </summary>
    private static void AssertNoHostFaultLog(string output)
    {
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private Task<HostProcess.Exit> RunBotAsync(Dictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Storage__Sqlite__Path"] = Path.Combine(_directory, "bot.db"),
            ["Inventory__Path"] = InventoryPaths.Resolve("inventory"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return HostProcess.RunToExitAsync(Path.Combine(AppContext.BaseDirectory, "ChatNetOps.Bot.dll"), environment, Timeout);
    }
}
