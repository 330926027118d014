namespace ChatNetOps.Core.Tests.Inventory;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;

public sealed class InputValidatorTests
{
    private static readonly InventoryCatalog Catalog = InventoryLoader.LoadOrThrow(SampleInventory.Directory);

    private static InputValidation Validate(string runbook, params (string Name, string Value)[] inputs) =>
        InputValidator.Validate(Catalog.FindRunbook(runbook)!, inputs.ToDictionary(i => i.Name, i => i.Value), Catalog);

    [Fact]
    public void Device_InScope_IsNormalisedToItsInventoryName()
    {
        var result = Validate("verify-ospf", ("device", "DIST-SW-01"));

        Assert.True(result.IsValid);
        Assert.Equal("dist-sw-01", result.Values["device"]);
    }

    [Theory]
    [InlineData("fw-edge-09", "unknown device")]
    [InlineData("acc-sw-01", "outside the scope of verify-ospf")]
    public void Device_UnknownOrOutOfScope_IsRefused(string device, string message)
    {
        var error = Assert.Single(Validate("verify-ospf", ("device", device)).Errors);
        Assert.Equal("device", error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GigabitEthernet1/0/12", true)]
    [InlineData("Ethernet1/5", true)]
    [InlineData("Gi1/0/1", true)]
    [InlineData("Vlan10", false)]
    [InlineData("GigabitEthernet1", false)]
    [InlineData("Ethernet1/5.100", false)]
    public void Interface_MatchesTheStrictPatternOnly(string value, bool valid)
    {
        var result = Validate("bounce-interface", ("device", "acc-sw-01"), ("interface", value));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("interface", e.Field));
    }

    [Theory]
    [InlineData("6", true)]
    [InlineData("17", true)]
    [InlineData("tcp", false)]
    public void Enum_AcceptsDeclaredValuesOnly(string value, bool valid) =>
        Assert.Equal(valid, Validate("firewall-sessions", ("device", "fw-edge-01"), ("proto", value)).IsValid);

    [Theory]
    [InlineData("443", true)]
    [InlineData("1", true)]
    [InlineData("65535", true)]
    [InlineData("0", false)]
    [InlineData("65536", false)]
    [InlineData("4e2", false)]
    [InlineData("0x1BB", false)]
    public void Integer_MustBeWholeAndInRange(string value, bool valid) =>
        Assert.Equal(valid, Validate("firewall-sessions", ("device", "fw-edge-01"), ("dport", value)).IsValid);

    [Theory]
    [InlineData("192.0.2.10", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("256.1.1.1", false)]
    [InlineData("10.0.0", false)]
    [InlineData("010.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("10.0.0.1/24", false)]
    public void Ipv4_IsStrictDottedQuad(string value, bool valid) =>
        Assert.Equal(valid, Validate("clear-ospf-neighbor", ("device", "dist-sw-01"), ("neighbor", value)).IsValid);

    [Theory]
    [InlineData("to-branch-1", true)]
    [InlineData("HQ_DC.2", true)]
    [InlineData("-leading-dash", false)]
    public void Token_MatchesItsPattern(string value, bool valid) =>
        Assert.Equal(valid, Validate("vpn-status", ("device", "fw-edge-01"), ("tunnel", value)).IsValid);

    [Fact]
    public void DeviceGroup_KnownGroup_IsAccepted()
    {
        var runbook = Catalog.FindRunbook("verify-ospf")! with
        {
            Inputs = [new RunbookInput("group", InputType.DeviceGroup, true)],
        };

        Assert.Equal("distribution", InputValidator.Validate(runbook, new Dictionary<string, string> { ["group"] = "Distribution" }, Catalog).Values["group"]);
        Assert.False(InputValidator.Validate(runbook, new Dictionary<string, string> { ["group"] = "nope" }, Catalog).IsValid);
    }

    [Theory]
    [InlineData("to-branch;reboot")]
    [InlineData("to-branch|cat")]
    [InlineData("a&&b")]
    [InlineData("to-branch\nexecute factoryreset")]
    [InlineData("to-branch\n")]
    [InlineData("to-branch\r")]
    [InlineData("`id`")]
    [InlineData("$(reboot)")]
    [InlineData("to-br\u0435nch")]
    [InlineData("\uFF54o-branch")]
    [InlineData("to-\u200Bbranch")]
    [InlineData("to branch")]
    [InlineData("to-branch'")]
    [InlineData("{tunnel}")]
    [InlineData("to\u2215branch")]
    public void HostileValue_IsRefusedNamingTheField(string value)
    {
        var result = Validate("vpn-status", ("device", "fw-edge-01"), ("tunnel", value));

        var error = Assert.Single(result.Errors);
        Assert.Equal("tunnel", error.Field);
        Assert.False(result.Values.ContainsKey("tunnel"));
    }

    [Fact]
    public void HostileInterface_WithTrailingNewline_IsRefused()
    {
        var result = Validate("bounce-interface", ("device", "acc-sw-01"), ("interface", "Gi1/0/1\n"));

        Assert.Equal("interface", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void OverlongValue_IsRefusedNamingTheField()
    {
        var error = Assert.Single(Validate("vpn-status", ("device", "fw-edge-01"), ("tunnel", new string('a', 36))).Errors);

        Assert.Equal("tunnel", error.Field);
        Assert.Contains("at most 35", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownInput_IsRefused()
    {
        var result = Validate("verify-ospf", ("device", "dist-sw-01"), ("command", "reload"));

        Assert.Equal("command", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void MissingRequiredInput_IsListedAsMissing()
    {
        var result = Validate("bounce-interface", ("device", "acc-sw-01"));

        Assert.Equal(["interface"], result.Missing);
    }

    [Theory]
    [InlineData("ipv4", "10.0.0.1")]
    [InlineData("ipv4", "999.1.1.1")]
    [InlineData("ipv4", "010.1.1.1")]
    [InlineData("ipv4", "10.1")]
    [InlineData("integer", "-5")]
    [InlineData("integer", "5-")]
    [InlineData("integer", "+5")]
    [InlineData("token", "vpn-1")]
    [InlineData("token", "-vpn")]
    [InlineData("interface", "GigabitEthernet1/0/12")]
    [InlineData("interface", "Vlan10")]
    public void ClientPattern_RefusesExactlyWhatTheValidatorRefuses(string type, string value)
    {
        var input = new RunbookInput("value", Enum.Parse<InputType>(type, ignoreCase: true), Required: true);
        var pattern = InputValidator.ClientPattern(input)!;

        var formAccepts = System.Text.RegularExpressions.Regex.IsMatch(value, pattern, System.Text.RegularExpressions.RegexOptions.ECMAScript);

        Assert.Equal(InputValidator.CheckValue(input, value) is null, formAccepts);
    }
    [Fact]
    public void PatternThatCannotFinishInTime_RefusesTheValue_InsteadOfThrowing()
    {
        // A look-ahead keeps this catastrophic pattern on the backtracking engine: 2^40 paths for forty a's.
        var input = new RunbookInput("value", InputType.Token, Required: true) { Pattern = "(?=a)(a|aa)+b" };

        var problem = InputValidator.CheckValue(input, new string('a', 40));

        Assert.NotNull(problem);
        Assert.Contains("could not be checked against the allowed pattern", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedQuantifierPattern_RunsInLinearTime_AndStillDecides()
    {
        // Without look-arounds the pattern runs on the non-backtracking engine: a plain "no", never a timeout.
        var input = new RunbookInput("value", InputType.Token, Required: true) { Pattern = "(a|aa)+b" };

        Assert.Equal("does not match the allowed pattern (a|aa)+b", InputValidator.CheckValue(input, new string('a', 60)));
        Assert.Null(InputValidator.CheckValue(input, new string('a', 60) + "b"));
    }
}
