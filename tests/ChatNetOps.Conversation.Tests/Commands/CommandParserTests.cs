namespace ChatNetOps.Conversation.Tests.Commands;

using ChatNetOps.Conversation.Commands;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Inventory.Loading;

public sealed class CommandParserTests
{
    private static readonly CommandParser Parser = new(InventoryLoader.LoadOrThrow(Path.Combine(RepoPaths.RepoRoot, "inventory")));

    [Theory]
    [InlineData("run verify-ospf device=dist-sw-01")]
    [InlineData("verify-ospf device=dist-sw-01")]
    [InlineData("RUN Verify-OSPF DEVICE=dist-sw-01")]
    [InlineData("verify-ospf dist-sw-01")]
    [InlineData("<at>ChatNetOps</at> verify-ospf device=dist-sw-01")]
    [InlineData("<at>Chat Net Ops</at>&nbsp;verify-ospf device=dist-sw-01")]
    [InlineData("@chatnetops verify-ospf device=\"dist-sw-01\"")]
    [InlineData("<@U0BOT1234> verify-ospf device='dist-sw-01'")]
    [InlineData("  verify-ospf\tdevice=dist-sw-01\n")]
    public void Run_FormsAndMentions_ParseToTheSameCommand(string line)
    {
        var run = Assert.IsType<ParsedCommand.Run>(Parser.Parse(line));

        Assert.Equal("verify-ospf", run.Runbook);
        Assert.Equal("dist-sw-01", run.Inputs["device"]);
        Assert.Null(run.Incident);
    }

    [Fact]
    public void Run_QuotedValueWithSpacesAndEscapes_IsOneValue()
    {
        var run = Assert.IsType<ParsedCommand.Run>(Parser.Parse("vpn-status device=fw-edge-01 tunnel=\"a \\\"b\\\" c\" incident=INC-9"));

        Assert.Equal("a \"b\" c", run.Inputs["tunnel"]);
        Assert.Equal("INC-9", run.Incident);
    }

    [Theory]
    [InlineData("run clear-ospf device=dist-sw-01", "unknown runbook 'clear-ospf'; did you mean clear-ospf-neighbor?")]
    [InlineData("verify-ospf device=fw-edge-2", "unknown device 'fw-edge-2'; did you mean fw-edge-02?")]
    [InlineData("verify-ospf devcie=dist-sw-01", "unknown input 'devcie' for verify-ospf; did you mean device?")]
    [InlineData("stauts R-1", "unknown command 'stauts'; did you mean status?")]
    [InlineData("frobnicate", "unknown command 'frobnicate'. Type 'help'")]
    [InlineData("devices acess", "unknown device group 'acess'; did you mean access?")]
    [InlineData("verify-ospf device=dist-sw-01 device=dist-sw-02", "device is given twice")]
    [InlineData("incident open INC-1 \"no end", "unbalanced quote: the \" at position 21 is never closed")]
    [InlineData("incident open 1234 title", "'1234' is not an incident id")]
    [InlineData("incident open INC-1 title sev=9", "severity must be a number from 1 (highest) to 5")]
    [InlineData("approve", "approve needs exactly one request id")]
    [InlineData("approve R-1; rm -rf /", "approve needs exactly one request id")]
    [InlineData("status <script>", "is not a request id")]
    [InlineData("run", "run needs a runbook")]
    [InlineData("", "empty message")]
    [InlineData("ver\u0000ify", "(U+0000) at position 4")]
    [InlineData("verify-ospf device=dist\u200Bsw-01", "(U+200B)")]
    public void Invalid_SaysWhatWasWrong(string line, string expected)
    {
        var invalid = Assert.IsType<ParsedCommand.Invalid>(Parser.Parse(line));

        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TenThousandCharacters_AreRefusedWithTheLimit()
    {
        var invalid = Assert.IsType<ParsedCommand.Invalid>(Parser.Parse("help " + new string('x', 10_000)));

        Assert.Equal("the message is 10005 characters long; commands are at most 4000 characters", invalid.Message);
    }

    [Fact]
    public void Reject_KeepsTheRestOfTheLineAsReason_ApostrophesIncluded()
    {
        var reject = Assert.IsType<ParsedCommand.Reject>(Parser.Parse("reject r-abc don't do it now"));

        Assert.Equal("R-ABC", reject.RequestId);
        Assert.Equal("don't do it now", reject.Reason);
    }

    [Fact]
    public void IncidentOpen_TitleAndSeverity()
    {
        var open = Assert.IsType<ParsedCommand.IncidentOpen>(Parser.Parse("incident open inc-1234 \"core outage in DC1\" sev=2"));

        Assert.Equal(("INC-1234", "core outage in DC1", 2), (open.IncidentId, open.Title, open.Severity));
    }

    [Theory]
    [InlineData("status R-ABC --json", true)]
    [InlineData("status r-abc", false)]
    public void Status_JsonFlag(string line, bool json)
    {
        var status = Assert.IsType<ParsedCommand.Status>(Parser.Parse(line));

        Assert.Equal(("R-ABC", json), (status.RequestId, status.Json));
    }

    [Theory]
    [InlineData("help", typeof(ParsedCommand.Help))]
    [InlineData("runbooks", typeof(ParsedCommand.Runbooks))]
    [InlineData("devices access", typeof(ParsedCommand.Devices))]
    [InlineData("locks", typeof(ParsedCommand.Locks))]
    [InlineData("cancel R-1", typeof(ParsedCommand.Cancel))]
    [InlineData("incident close", typeof(ParsedCommand.IncidentClose))]
    [InlineData("incident show", typeof(ParsedCommand.IncidentShow))]
    [InlineData("incident INC-5", typeof(ParsedCommand.IncidentShow))]
    [InlineData("timeline INC-5", typeof(ParsedCommand.Timeline))]
    public void EachVerb_ParsesToItsCommand(string line, Type expected) =>
        Assert.IsType(expected, Parser.Parse(line));

    [Theory]
    [InlineData("clear-ospf", "clear-ospf-neighbor")]
    [InlineData("verfy-ospf", "verify-ospf")]
    [InlineData("zzzzzzzz", null)]
    public void Suggestions_NearestByPrefixThenDistance(string input, string? expected) =>
        Assert.Equal(expected, Suggestions.Nearest(input, ["clear-ospf-neighbor", "verify-ospf", "bounce-interface"]));
}
