namespace ChatNetOps.Conversation.Tests.Rendering;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>Errors on result cards read as people write them: status labels, never enum names; values never cut in half.</summary>
public sealed class ResultErrorTextTests
{
    private const string Pinned = "SHA256:raDGdwRnZQ/otbOG3TxoR9xm2de6DqroXWO8ckQ49fU";
    private const string Presented = "SHA256:Xq3mV8kPz2Lr7NcT5bWd9Yh1Jf4Gs6Ua0Ke8Ri2Oo3E";

    private static readonly CardTemplates Templates = CardTemplates.Load(RepoPaths.CardsDirectory);
    private static readonly RequestCards Requests = new(Templates, InventoryLoader.LoadOrThrow(Path.Combine(RepoPaths.RepoRoot, "inventory")));
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HostKeyMismatch_ShowsBothFingerprintsWhole()
    {
        var error = $"host key mismatch at jump host jump-01: expected {Pinned}, got {Presented}; nothing was sent to dist-sw-01";
        var request = Finished(RequestStatus.Failed, new DeviceRunSummary("dist-sw-01", ExecutionStatus.Failed, -1, Sha, 0, At, At.AddSeconds(1), error));

        var text = PlainTextRenderer.Render(Requests.Result(request, []).Card!).Text;

        Assert.Contains($"dist-sw-01: Failed (host key mismatch at jump host jump-01: expected {Pinned}, got {Presented}; nothing was sent to dist-sw-01)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeout_SaysTimedOutAfterSeconds_WithTheLabelNotTheEnumName()
    {
        var request = Finished(RequestStatus.TimedOut, new DeviceRunSummary("dist-sw-01", ExecutionStatus.TimedOut, -1, Sha, 0, At, At.AddSeconds(30),
            "runbook timed out after 30 s in command 1 of 1 ('show ip ospf neighbors'); partial output kept"));

        var text = PlainTextRenderer.Render(Requests.Result(request, []).Card!).Text;

        Assert.Contains("dist-sw-01: Timed out (runbook timed out after 30 s in command 1 of 1 ('show ip ospf neighbors'); partial output kept)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("timedOut", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TimedOut", text, StringComparison.Ordinal);
    }

    [Fact]
    public void VeryLongError_IsCutBetweenWords_NeverInsideAFingerprint()
    {
        var error = string.Concat(Enumerable.Repeat("the device said something long ", 12)) + $"expected {Pinned}, got {Presented}";
        var request = Finished(RequestStatus.Failed, new DeviceRunSummary("dist-sw-01", ExecutionStatus.Failed, -1, Sha, 0, At, At.AddSeconds(1), error));

        var text = PlainTextRenderer.Render(Requests.Result(request, []).Card!).Text;

        var line = Assert.Single(text.Split('\n'), l => l.Contains("dist-sw-01: Failed (", StringComparison.Ordinal));
        Assert.Contains(" …)", line, StringComparison.Ordinal);
        Assert.True(line.Contains(Pinned, StringComparison.Ordinal) || !line.Contains("SHA256:", StringComparison.Ordinal), line);
        Assert.True(line.Contains(Presented, StringComparison.Ordinal) || !line.Contains(Presented[..12], StringComparison.Ordinal), line);
    }

    [Fact]
    public void FanOutRowOfAFailedDevice_ShowsItsWholeError()
    {
        var parsed = new Core.Parsing.ParsedOutput(Core.Parsing.Verdict.Ok, "1/1 neighbours up", true, ["neighbor_id", "state"], ["neighbor_id", "state"], "neighbor_id",
            [new Core.Parsing.ParsedRow(Core.Parsing.Verdict.Ok, new Dictionary<string, string> { ["neighbor_id"] = "10.0.0.1", ["state"] = "FULL" })]);
        var error = $"host key mismatch: expected {Pinned}, got {Presented}";
        var request = Finished(
            RequestStatus.Failed,
            new DeviceRunSummary("dist-sw-01", ExecutionStatus.Succeeded, 0, Sha, 10, At, At.AddSeconds(1), null) { Parsed = parsed },
            new DeviceRunSummary("dist-sw-02", ExecutionStatus.Failed, -1, Sha, 0, At, At.AddSeconds(1), error));

        var text = PlainTextRenderer.Render(Requests.Result(request, []).Card!).Text;

        Assert.Contains($"dist-sw-02: problem · {error}", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short error", 40, "short error")]
    [InlineData("expected SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG now", 20, "expected …")]
    [InlineData("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG then more", 20, "SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG …")]
    [InlineData("one two three four", 9, "one two …")]
    public void CutAtWord_CutsOnlyBetweenWords(string value, int max, string expected) =>
        Assert.Equal(expected, CardData.CutAtWord(value, max));

    [Fact]
    public void AnsweredQuestion_IsInTheStructuredResult()
    {
        var request = Finished(RequestStatus.Succeeded, new DeviceRunSummary("acc-sw-01", ExecutionStatus.Succeeded, 0, Sha, 10, At, At.AddSeconds(1), null)
        {
            Answers = [new DeviceAnswer(2, "clear counters", "Clear \"show interface\" counters on all interfaces [confirm]", string.Empty)],
        });

        var json = ResultJson.Build(request);

        var answered = json["devices"]![0]!["answered"]![0]!;
        Assert.Equal(2, (int)answered["command"]!);
        Assert.Equal("clear counters", (string)answered["commandText"]!);
        Assert.Equal("Clear \"show interface\" counters on all interfaces [confirm]", (string)answered["question"]!);
        Assert.Equal(string.Empty, (string)answered["answer"]!);
    }

    private static string Sha => new('a', 64);

    private static RunRequest Finished(RequestStatus status, params DeviceRunSummary[] devices) =>
        new("R-ERRTEXT1", "verify-ospf", "v1", Core.Inventory.RunbookMode.ReadOnly, new Dictionary<string, string> { ["device"] = devices[0].Device },
            devices.Select(d => d.Device).ToArray(), new Actor(ChatPlatform.Console, "alice", "Alice Anders"), new ConversationRef(ChatPlatform.Console, "c1", ChannelKind.Console), null, status, At)
        {
            ApprovalHash = "h",
            UpdatedAt = At.AddSeconds(31),
            Result = new ExecutionSummary(devices[^1].Status, devices[^1].ReturnCode, Sha, At, At.AddSeconds(31), devices),
        };
}
