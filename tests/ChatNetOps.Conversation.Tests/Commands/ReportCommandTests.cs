namespace ChatNetOps.Conversation.Tests.Commands;

using ChatNetOps.Conversation.Commands;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Inventory.Loading;

public sealed class ReportCommandTests
{
    private static readonly CommandParser Parser = new(InventoryLoader.LoadOrThrow(Path.Combine(RepoPaths.RepoRoot, "inventory")));

    [Theory]
    [InlineData("report", 7)]
    [InlineData("report 7d", 7)]
    [InlineData("REPORT 30D", 30)]
    [InlineData("<@U0BOT1234> report 30d", 30)]
    public void Report_TakesNothing_7d_Or_30d(string line, int days) =>
        Assert.Equal(days, Assert.IsType<ParsedCommand.Report>(Parser.Parse(line)).Days);

    [Theory]
    [InlineData("report 12d")]
    [InlineData("report 7")]
    [InlineData("report 7d 30d")]
    [InlineData("report since=7d")]
    [InlineData("report 2026-11-01")]
    public void AnyOtherWindow_IsRefusedWithTheUsage(string line) =>
        Assert.StartsWith("report covers the last 7 or 30 days: report [7d|30d]", Assert.IsType<ParsedCommand.Invalid>(Parser.Parse(line)).Message, StringComparison.Ordinal);

    [Fact]
    public void ATypo_SuggestsReport() =>
        Assert.Contains("did you mean report?", Assert.IsType<ParsedCommand.Invalid>(Parser.Parse("reprot")).Message, StringComparison.Ordinal);
}
