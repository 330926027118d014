namespace ChatNetOps.Cli.Tests.Chat;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Testing.Hosting;

/// <summary>
/// <c>chatnetops chat</c>, run as its own process as a user starts it, with a bad setting in the environment: one line
/// naming the key and what is wrong, exit code 1. Before, every bad value except the database path aborted the console
/// (exit 134) with an unhandled exception and dozens of stack lines.
/// </summary>
public sealed class ChatConfigurationFaultTests : IDisposable
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "chatnetops.dll");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-cli-config-" + Guid.NewGuid().ToString("N"));

    public ChatConfigurationFaultTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Lab__FailureRate", "abc", "'abc' at 'Lab:FailureRate' to type 'System.Double'")]
    [InlineData("Lab__FailureRate", "5", "Lab:FailureRate must be between 0 and 1")]
    [InlineData("Requests__ApprovalExpiry", "abc", "'abc' at 'Requests:ApprovalExpiry' to type 'System.TimeSpan'")]
    [InlineData("ChangeRecords__Sink", "Webhook", "ChangeRecords:Webhook:Url")]
    public async Task Chat_WithABadSetting_ExitsOneWithOneLineNamingIt(string key, string value, string reason)
    {
        var exit = await HostProcess.RunToExitAsync(
            CliDll,
            new Dictionary<string, string> { [key] = value },
            TimeSpan.FromSeconds(60),
            ["chat", "--as", "bob", "--inventory", InventoryPaths.Resolve("inventory"), "--db", Path.Combine(_directory, "chat.db")]);

        Assert.Equal(1, exit.Code);
        var error = exit.Error.Trim();
        Assert.StartsWith("chatnetops chat: Configuration is not valid: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exit.Output, StringComparison.Ordinal);
    }
}
