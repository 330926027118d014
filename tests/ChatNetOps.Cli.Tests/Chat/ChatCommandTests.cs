namespace ChatNetOps.Cli.Tests.Chat;

using System.Text.Json.Nodes;
using ChatNetOps.Cli;
using ChatNetOps.Cli.Commands;

public sealed class ChatCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-chat-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Chat_WithPipedInput_RunsTheRunbookAndPrintsTheRenderedResult()
    {
        var (code, stdout, stderr) = await ChatAsync("alice", "verify-ospf device=dist-sw-01\nverify-ospf device=acc-sw-01\n");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("== Verify OSPF on dist-sw-01 ==", stdout, StringComparison.Ordinal);
        Assert.Contains("== Verify OSPF: succeeded ==", stdout, StringComparison.Ordinal);
        Assert.Contains("show ip ospf neighbors", stdout, StringComparison.Ordinal);
        Assert.Contains("[1] Show JSON", stdout, StringComparison.Ordinal);
        Assert.Contains("outside the scope of verify-ospf", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_SwitchUserAndPressButtons_SecondEngineerApprovesAndItRuns()
    {
        var script = string.Join('\n',
            "incident open INC-1234 \"Port flapping\"",
            "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1",
            "/1",
            "/as carol",
            "/1",
            string.Empty);

        var (code, stdout, _) = await ChatAsync("bob", script);

        Assert.Equal(0, code);
        Assert.Contains("Approval needed: Bounce interface", stdout, StringComparison.Ordinal);
        Assert.Contains("SelfApproval", stdout, StringComparison.Ordinal);
        Assert.Contains("Now Carol Castillo", stdout, StringComparison.Ordinal);
        Assert.Contains("Approved by:  Carol Castillo", stdout, StringComparison.Ordinal);
        Assert.Contains("== Bounce interface: succeeded ==", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnknownMember_IsAUsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["chat", "--as", "nobody", "--inventory", Inventory(), "--db", Path.Combine(_directory, "c.db")], stdout, stderr, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("no member 'nobody'", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardRender_HelpTemplateWithItsSampleData_PrintsTheBoundCard()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var cards = Path.Combine(Path.GetDirectoryName(Inventory())!, "cards");

        var code = await CliApp.RunAsync(["card", "render", Path.Combine(cards, "help.json"), Path.Combine(cards, "help.data.json")], stdout, stderr, CancellationToken.None);

        Assert.Equal(0, code);
        var card = JsonNode.Parse(stdout.ToString())!;
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("ChatNetOps help", (string?)card["body"]![0]!["text"]);
        Assert.DoesNotContain("${", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardRender_MissingFile_ExitsOne()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["card", "render", Path.Combine(_directory, "none.json"), Path.Combine(_directory, "none.data.json")], stdout, stderr, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("chatnetops card render:", stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<(int Code, string Stdout, string Stderr)> ChatAsync(string user, string input)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var command = new ChatCommand(new StringReader(input));
        var args = CliArguments.Parse(["--as", user, "--inventory", Inventory(), "--db", Path.Combine(_directory, "chat.db"), "--wait", "20"]);
        var code = await command.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Inventory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "inventory");
            if (File.Exists(Path.Combine(candidate, "policy.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "cards")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No inventory/ above {AppContext.BaseDirectory}.");
    }
}
