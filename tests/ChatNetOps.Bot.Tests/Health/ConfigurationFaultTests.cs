namespace ChatNetOps.Bot.Tests.Health;

using System.Net;
using System.Net.Sockets;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Testing.Hosting;

/// <summary>
/// A start failure an operator fixes in configuration ends the bot with plain lines on stderr and exit code 1. Before,
/// settings that failed validation, an inventory that did not load, or an address already in use aborted the process
/// (exit 134) with about sixty lines of stack trace, and options resolved while endpoints were mapped escaped even the
/// storage check.
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
    public async Task InvalidSetting_ExitsOneWithTheReasonAndNoStackTrace(string key, string value, string prefix, string reason)
    {
        var exit = await RunBotAsync(new() { [key] = value });

        Assert.Equal(1, exit.Code);
        var error = exit.Error.Trim();
        Assert.StartsWith(prefix, error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
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
            $"Failed to bind to address {address}: address already in use. Stop the other process or set another address (ASPNETCORE_URLS or --urls).",
            exit.Error.Trim());
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
