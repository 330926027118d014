namespace ChatNetOps.Core.Tests.Inventory;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary><c>confirm:</c> on a runbook command: parsed into the catalog, bound into the version, rendered into the plan, linted.</summary>
public sealed class CommandConfirmTests
{
    private const string R = "runbooks.yaml";
    private const string Clear = "        - clear ip ospf neighbor {neighbor}\n";

    private static string WithConfirm(string expect, string answer) =>
        $"        - command: clear ip ospf neighbor {{neighbor}}\n          confirm: {{expect: '{expect}', answer: '{answer}'}}\n";

    [Fact]
    public void DeclaredConfirm_IsInTheCatalog_TheVersion_AndThePlan()
    {
        using var inventory = new TempInventory().Replace(R, Clear, WithConfirm(@"\[no\]:", "yes"));

        var catalog = InventoryLoader.LoadOrThrow(inventory.Directory);
        var runbook = catalog.FindRunbook("clear-ospf-neighbor")!;
        var (commands, confirms) = CommandRenderer.RenderWithConfirms(runbook, Platform.CiscoNxos, new Dictionary<string, string> { ["device"] = "dist-sw-01", ["neighbor"] = "10.255.0.11" });

        Assert.Equal(new CommandConfirm(@"\[no\]:", "yes"), runbook.Confirms[Platform.CiscoNxos][0]);
        Assert.Equal(["clear ip ospf neighbor 10.255.0.11"], commands);
        Assert.Equal(new CommandConfirm(@"\[no\]:", "yes"), confirms[0]);
        Assert.NotEqual(InventoryLoader.LoadOrThrow(SampleInventory.Directory).FindRunbook("clear-ospf-neighbor")!.Version, runbook.Version);
    }

    [Fact]
    public void ChangingOnlyTheAnswer_ChangesTheVersion()
    {
        using var yes = new TempInventory().Replace(R, Clear, WithConfirm(@"\[no\]:", "yes"));
        using var no = new TempInventory().Replace(R, Clear, WithConfirm(@"\[no\]:", "y"));

        Assert.NotEqual(
            InventoryLoader.LoadOrThrow(yes.Directory).FindRunbook("clear-ospf-neighbor")!.Version,
            InventoryLoader.LoadOrThrow(no.Directory).FindRunbook("clear-ospf-neighbor")!.Version);
    }

    [Fact]
    public void RunbooksWithoutConfirm_KeepTheirVersion()
    {
        // Approvals pending across an upgrade stay valid: the confirms object is written only when one is declared.
        var runbook = InventoryLoader.LoadOrThrow(SampleInventory.Directory).FindRunbook("clear-ospf-neighbor")!;

        Assert.Empty(runbook.Confirms);
        Assert.Equal(runbook.Version, RunbookVersion.Compute(runbook with { Version = string.Empty }));
    }

    [Fact]
    public void SkippedOptionalLine_ShiftsTheConfirmToTheRenderedIndex()
    {
        var runbook = new Runbook(
            "t", "d", RunbookMode.StateChanging, [Platform.CiscoIos], [],
            [new RunbookInput("vrf", InputType.Token, false)],
            new Dictionary<Platform, IReadOnlyList<string>> { [Platform.CiscoIos] = ["show vrf {vrf}", "clear counters"] },
            ApprovalRule.None, ChannelRequirement.Any, "b", "r", TimeSpan.FromSeconds(30), "text", "v")
        {
            Confirms = new Dictionary<Platform, IReadOnlyDictionary<int, CommandConfirm>> { [Platform.CiscoIos] = new Dictionary<int, CommandConfirm> { [1] = new(@"\[confirm\]", string.Empty) } },
        };

        var (commands, confirms) = CommandRenderer.RenderWithConfirms(runbook, Platform.CiscoIos, new Dictionary<string, string>());

        Assert.Equal(["clear counters"], commands);
        Assert.Equal(@"\[confirm\]", confirms[0].Expect);
    }

    [Theory]
    [InlineData("[confirm]", "", "[confirm] matches any ONE of those characters; write '\\[confirm\\]' to match the text [confirm]")]
    [InlineData(@"(\[confirm", "", "is not a valid regular expression")]
    [InlineData(@"(\w)\1", "", "is not a valid regular expression")]
    [InlineData(".*", "", "matches an empty line, so it would answer any question")]
    [InlineData("(?i)password", "", "matches a password question; answers are recorded in results and audit")]
    public void BadExpect_IsALintErrorAtItsLine(string expect, string answer, string message)
    {
        using var inventory = new TempInventory().Replace(R, Clear, WithConfirm(expect.Replace("'", "''", StringComparison.Ordinal), answer));

        AssertError(inventory, "confirm: {expect:", message);
    }

    [Fact]
    public void AnswerWithANewline_IsALintError()
    {
        using var inventory = new TempInventory().Replace(R, Clear,
            "        - command: clear ip ospf neighbor {neighbor}\n          confirm: {expect: '\\[no\\]:', answer: \"yes\\nreload\"}\n");

        AssertError(inventory, "confirm: {expect:", "contains a newline or control character; write the text to type on one line");
    }

    [Fact]
    public void ConfirmOnLinux_IsALintError()
    {
        using var inventory = new TempInventory().Replace(R, "        - vtysh -c \"show ip ospf neighbor\"\n",
            "        - command: vtysh -c \"show ip ospf neighbor\"\n          confirm: {expect: '\\(y/n\\)', answer: 'n'}\n");

        AssertError(inventory, "confirm: {expect:", "linux commands run on exec channels without a terminal");
    }

    [Fact]
    public void ReadOnlyRunbookAgreeingToAQuestion_IsALintError()
    {
        using var inventory = new TempInventory().Replace(R, "        - show ip ospf neighbor\n",
            "        - command: show ip ospf neighbor\n          confirm: {expect: '\\[confirm\\]', answer: ''}\n");

        AssertError(inventory, "confirm: {expect:", "agrees to a device question ('(Enter)') in a read-only runbook");
    }

    [Fact]
    public void ReadOnlyRunbookDecliningAQuestion_IsAWarning()
    {
        using var inventory = new TempInventory().Replace(R, "        - show ip ospf neighbor\n",
            "        - command: show ip ospf neighbor\n          confirm: {expect: '\\(y/n\\)', answer: 'n'}\n");

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.NotNull(result.Catalog);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("declares an answer in a read-only runbook", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandMappingWithoutConfirm_IsASchemaError()
    {
        using var inventory = new TempInventory().Replace(R, Clear, "        - command: clear ip ospf neighbor {neighbor}\n");

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("confirm", StringComparison.Ordinal));
    }

    private static void AssertError(TempInventory inventory, string marker, string message)
    {
        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        var line = inventory.LineOf(R, marker);
        Assert.True(
            result.Diagnostics.Any(d => d.Line == line && d.Severity == DiagnosticSeverity.Error && d.Message.Contains(message, StringComparison.Ordinal)),
            $"expected line {line}: ...{message} among:\n" + string.Join('\n', result.Diagnostics));
    }
}
