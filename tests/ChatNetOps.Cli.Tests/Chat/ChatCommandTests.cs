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
        // The result leads with its verdict and table; the raw output sits behind "[1] Raw output" (pressing it is
        // covered by RequestFlowTests.ResultCard_LeadsWithTheVerdict_TableFirst_RawOutputOneClickAway: piped input
        // cannot wait for the worker's result card here).
        var (code, stdout, stderr) = await ChatAsync("alice", "verify-ospf device=dist-sw-01\nverify-ospf device=acc-sw-01\n");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("== Verify OSPF on dist-sw-01 ==", stdout, StringComparison.Ordinal);
        Assert.Contains("== Verify OSPF: Succeeded ==", stdout, StringComparison.Ordinal);
        Assert.Contains("OK: 2/2 neighbours up", stdout, StringComparison.Ordinal);
        Assert.Contains("[1] Raw output", stdout, StringComparison.Ordinal);
        Assert.Contains("Neighbor id · State · Interface", stdout, StringComparison.Ordinal);
        Assert.Contains("198.51.100.167: ok · FULL · Eth1/1", stdout, StringComparison.Ordinal);
        Assert.Contains("[2] Show JSON", stdout, StringComparison.Ordinal);
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
        Assert.Contains("== Bounce interface: Succeeded ==", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ButtonsOfAnOlderCard_ArePressedByMessageId_AndEveryPressSaysWhichCard()
    {
        var script = string.Join('\n',
            "incident open INC-1234 \"Port flapping\"",
            "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1",
            "runbooks",
            "/as carol",
            "/m2.1",
            "/1",
            string.Empty);

        var (code, stdout, _) = await ChatAsync("bob", script);

        Assert.Equal(0, code);
        Assert.Contains("--- [m2] ---\n== Approval needed: Bounce interface ==", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("(pressing [1] Approve on m2)", stdout, StringComparison.Ordinal);
        Assert.Contains("Approved by:  Carol Castillo", stdout, StringComparison.Ordinal);
        Assert.Contains("(pressing [1] Request… on m3)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_FormAnswerNotAmongTheChoices_AsksTheSameFieldAgainWithTheReason_AndNeverCarriesIntoTheNextField()
    {
        var script = string.Join('\n', "interface-counters", "/1", "acc-sw-99", "acc-sw-01", "GigabitEthernet1/0/1", string.Empty);

        var (code, stdout, _) = await ChatAsync("alice", script);

        Assert.Equal(0, code);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        var refusal = Array.IndexOf(lines, "'acc-sw-99' is not one of the choices for Device; answer with one of them.");
        Assert.True(refusal > 0, stdout);
        Assert.StartsWith("Device [", lines[refusal + 1], StringComparison.Ordinal);
        Assert.Equal("  acc-sw-01", lines[refusal + 2]);
        Assert.StartsWith("Interface", lines[refusal + 3], StringComparison.Ordinal);
        Assert.Equal("  GigabitEthernet1/0/1", lines[refusal + 4]);
        Assert.DoesNotContain("Invalid input", stdout, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01", string.Join('\n', lines[(refusal + 5)..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadmeWalkthrough_IncidentThenAChangeWindowInASecondConversation_RunsEndToEnd()
    {
        // README.md, "Try it in the console", as typed there (its /quit lines aside); the wait between the two parts
        // is the human reading the result card, so the second part is a second session on the same database.
        var incident = string.Join('\n',
            "help",
            "verify-ospf device=dist-sw-01",
            "interface-counters",
            "incident open INC-1234 \"Port flapping\"",
            "/as bob",
            "incident open INC-1234 \"Port flapping on acc-sw-01\" sev=2",
            "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1",
            "/1",
            "/as carol",
            "/1",
            "timeline",
            string.Empty);
        var window = string.Join('\n',
            "/conversation uplinks",
            "change open CHG-3001 \"Replace access uplinks\" start=now end=+2h devices=acc-sw-01,acc-sw-02",
            "/as carol",
            "/1",
            "/as bob",
            "change close CHG-3001",
            "/conversation console",
            "incident close \"Replaced the SFP on acc-sw-01\"",
            "/conversation night",
            "incident open INC-1235 \"Test after the window\"",
            string.Empty);

        var (firstCode, first, _) = await ChatAsync("alice", incident);
        var (secondCode, second, _) = await ChatAsync("bob", window);

        Assert.Equal((0, 0), (firstCode, secondCode));
        Assert.Contains("== Bounce interface: Succeeded ==", first, StringComparison.Ordinal);
        Assert.Contains("Now in conversation 'uplinks'.", second, StringComparison.Ordinal);
        Assert.Contains("bob@uplinks> change open CHG-3001", second, StringComparison.Ordinal);
        Assert.Contains("acknowledged by Carol Castillo", second, StringComparison.Ordinal);
        Assert.Contains("bob> incident close", second, StringComparison.Ordinal);
        Assert.Contains("Resolution: Replaced the SFP on acc-sw-01", second, StringComparison.Ordinal);
        Assert.Contains("bob@night> incident open INC-1235", second, StringComparison.Ordinal);
        Assert.DoesNotContain("IncidentRefused", second, StringComparison.Ordinal);
        Assert.DoesNotContain("WrongChannel", second, StringComparison.Ordinal);
        Assert.DoesNotContain("is bound to change window", second, StringComparison.Ordinal);
        Assert.DoesNotContain("open the change window in its own conversation", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ConversationOption_StartsThere_AndABadNameIsAUsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var bad = await Assert.ThrowsAsync<CliUsageException>(() => new ChatCommand(new StringReader(string.Empty), new Dictionary<string, string?>())
            .RunAsync(CliArguments.Parse(["--as", "bob", "--conversation", "a;b", "--inventory", Inventory(), "--db", Path.Combine(_directory, "chat.db")]), stdout, stderr, CancellationToken.None));
        Assert.Contains("a conversation name is 1 to 64 letters", bad.Message, StringComparison.Ordinal);

        var command = new ChatCommand(new StringReader("incident open INC-77 \"x\"\n/conversation\n/conversation bad/name\n"), new Dictionary<string, string?>());
        var code = await command.RunAsync(CliArguments.Parse(["--as", "bob", "--conversation", "inc-77", "--inventory", Inventory(), "--db", Path.Combine(_directory, "chat.db"), "--wait", "1"]), stdout, stderr, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains("bob@inc-77> incident open INC-77", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("In conversation 'inc-77'.", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("'bad/name' is not a conversation name", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_DevicesAndLocks_PrintTheDeviceAndLockListsWithTheHolder()
    {
        var script = string.Join('\n',
            "locks",
            "incident open INC-1234 \"Port flapping\"",
            "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1",
            "devices access",
            "locks",
            string.Empty);

        var (code, stdout, _) = await ChatAsync("bob", script);

        Assert.Equal(0, code);
        Assert.Contains("No device is locked.", stdout, StringComparison.Ordinal);
        Assert.Contains("== Devices in access you may target here (3) ==", stdout, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01: cisco_ios · ams1 · access · locked by Bob Brandt", stdout, StringComparison.Ordinal);
        Assert.Contains("acc-sw-02: cisco_ios · ams1 · access\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("== Locked devices (1) ==", stdout, StringComparison.Ordinal);
        Assert.Contains(" · held by Bob Brandt · bounce-interface for INC-1234 · request ", stdout, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01: awaiting approval by ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_TypoAndRawCli_AreOneLineEach_ForWhoeverTyped()
    {
        var (code, stdout, stderr) = await ChatAsync("alice", "stauts R-12345678\nshow ip ospf neighbor\n");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var lines = stdout.Split('\n');
        Assert.Contains(lines, l => l.EndsWith("] (only you) unknown command 'stauts'; did you mean status? Type 'help' for the commands you can use here.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("] (only you) raw commands are not accepted here; verify-ospf does that: verify-ospf device=…", StringComparison.Ordinal));
        Assert.DoesNotContain("Request refused", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("(only you see this)", stdout, StringComparison.Ordinal);
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

    public static TheoryData<string> Templates() =>
        [.. Directory.EnumerateFiles(Path.Combine(Path.GetDirectoryName(Inventory())!, "cards"), "*.json")
            .Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task CardRender_EveryTemplateWithItsSampleData_PrintsTheCardAndItsText(string name)
    {
        var cards = Path.Combine(Path.GetDirectoryName(Inventory())!, "cards");
        string[] files = [Path.Combine(cards, name + ".json"), Path.Combine(cards, name + ".data.json")];
        using var json = new StringWriter();
        using var text = new StringWriter();
        using var stderr = new StringWriter();

        Assert.Equal(0, await CliApp.RunAsync(["card", "render", .. files], json, stderr, CancellationToken.None));
        Assert.Equal(0, await CliApp.RunAsync(["card", "render", .. files, "--text"], text, stderr, CancellationToken.None));

        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Equal("AdaptiveCard", (string?)JsonNode.Parse(json.ToString())!["type"]);
        Assert.DoesNotContain("${", json.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("== ", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardRender_DeviceAndLockLists_AsText_ShowTheGroupLocksAndHolders()
    {
        var cards = Path.Combine(Path.GetDirectoryName(Inventory())!, "cards");
        using var devices = new StringWriter();
        using var locks = new StringWriter();
        using var stderr = new StringWriter();

        await CliApp.RunAsync(["card", "render", Path.Combine(cards, "device-list.json"), Path.Combine(cards, "device-list.data.json"), "--text"], devices, stderr, CancellationToken.None);
        await CliApp.RunAsync(["card", "render", Path.Combine(cards, "lock-list.json"), Path.Combine(cards, "lock-list.data.json"), "--text"], locks, stderr, CancellationToken.None);

        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Contains("== Devices in distribution you may target here (2) ==", devices.ToString(), StringComparison.Ordinal);
        Assert.Contains("dist-sw-01: cisco_nxos · ams1 · distribution · locked by Bob Brandt", devices.ToString(), StringComparison.Ordinal);
        Assert.Contains("== Locked devices (2) ==", locks.ToString(), StringComparison.Ordinal);
        Assert.Contains("dist-sw-01: awaiting approval by Carol Chen or Dave Duty · held by Bob Brandt · clear-ospf-neighbor for INC-4242 · request REQ-20260314-0007", locks.ToString(), StringComparison.Ordinal);
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

    [Fact]
    public async Task Chat_Quit_WaitsBoundedForPendingChangeRecordEvents_AndSaysWhatIsLeft()
    {
        // A webhook sink nobody listens on: the event stays pending, and /quit waits QuitWait (1 s), then says so.
        var environment = new Dictionary<string, string?>
        {
            ["ChangeRecords__Sink"] = "Webhook",
            ["ChangeRecords__Webhook__Url"] = "http://127.0.0.1:9/hooks/chatnetops",
            ["ChangeRecords__Webhook__Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["ChangeRecords__QuitWait"] = "00:00:01",
        };

        var (code, stdout, _) = await ChatAsync("bob", "incident open INC-1234 \"Port flapping\"\n/quit\n", environment);

        Assert.Equal(0, code);
        Assert.Contains("Waiting up to 1 s for 1 change-record event(s) to reach Webhook", stdout, StringComparison.Ordinal);
        Assert.Contains("1 change-record event(s) are still pending; they stay queued", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ReadsTheBotsSettingsFromTheEnvironment_AndTheCommandLineWinsOverThem()
    {
        // Before, only ChangeRecords__* reached the console, so Lab__* or Requests__* set for the bot did nothing here.
        var environment = new Dictionary<string, string?>
        {
            ["Lab__FailureRate"] = "1",
            ["Storage__Sqlite__Path"] = Path.Combine(_directory, "not-this.db"),
        };

        var (code, stdout, _) = await ChatAsync("alice", "verify-ospf device=dist-sw-01\n", environment);

        Assert.Equal(0, code);
        Assert.Contains("== Verify OSPF: Failed ==", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "chat.db")));
        Assert.False(File.Exists(Path.Combine(_directory, "not-this.db")));
    }

    private async Task<(int Code, string Stdout, string Stderr)> ChatAsync(string user, string input, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var command = new ChatCommand(new StringReader(input), environment ?? new Dictionary<string, string?>());
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
