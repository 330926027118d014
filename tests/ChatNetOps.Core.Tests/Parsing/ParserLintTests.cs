namespace ChatNetOps.Core.Tests.Parsing;

using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Tests.Inventory;

/// <summary>One broken <c>parse:</c> block of the shipped runbooks per lint rule; each asserts the file:line and the message.</summary>
public sealed class ParserLintTests
{
    private const string R = "runbooks.yaml";

    [Theory]
    [InlineData("key not a field", "key: neighbor_id", "key: router_id", "key: router_id", "key 'router_id' of parse of runbook 'verify-ospf' is not one of its fields")]
    [InlineData("shown column not a field", "show: [neighbor_id, state, interface]", "show: [neighbor_id, state, port]", "show: [neighbor_id, state, port]", "show of parse of runbook 'verify-ospf' names 'port', which is not one of its fields")]
    [InlineData("unknown field in ok_when", "ok_when: state == \"FULL\" or", "ok_when: stat == \"FULL\" or", "ok_when: stat", "ok_when of parse of runbook 'verify-ospf' names unknown field 'stat'")]
    [InlineData("malformed fail_when", "fail_when: selectors_up < selectors", "fail_when: selectors_up < ", "fail_when: selectors_up <", "fail_when of parse of runbook 'vpn-status' ends where a field or a value is expected (at column 15)")]
    [InlineData("text ordered in warn_when", "warn_when: cpu_idle < 10", "warn_when: hostname < \"m\"", "warn_when: hostname", "warn_when of parse of runbook 'system-status' orders text with '<'")]
    [InlineData("unknown summary placeholder", "summary: \"{total} sessions listed\"", "summary: \"{count} sessions listed\"", "{count} sessions", "summary of parse of runbook 'firewall-sessions' names unknown placeholder '{count}'")]
    [InlineData("rule capturing an undeclared field", "(?<policy>\\d+)", "(?<policy_id>\\d+)", "(?<policy_id>", "captures 'policy_id', which is not a declared field")]
    [InlineData("rule with a backreference", "^misc=\\d+ policy_id=(?<policy>\\d+)", "^misc=(\\d+) policy_id=\\1(?<policy>\\d+)", "policy_id=\\1", "is not a usable regular expression (rules run without backtracking")]
    [InlineData("invalid rule regex", "^total session \\d+", "^total session (\\d+", "^total session (", "is not a usable regular expression")]
    [InlineData("record rule capturing nothing", "^total session \\d+', action: header", "^total session \\d+', action: record", "^total session", "a record rule of the fortios parser of runbook 'firewall-sessions' captures no field")]
    [InlineData("unknown action", "^total session \\d+', action: header", "^total session \\d+', action: skip", "^total session", "unknown action 'skip'")]
    [InlineData("next state with no rule", "action: header, next: rx}", "action: header, next: rx_counters}", "next: rx_counters", "next of a rule of the linux parser of runbook 'interface-counters' is state 'rx_counters', which has no rule")]
    [InlineData("unknown field type", "        proto: int\n", "        proto: integer\n", "proto: integer", "unknown field type 'integer' for proto")]
    [InlineData("field named like a count", "        selectors: int\n", "        total: int\n", "        total: int", "field name 'total' in parse of runbook 'vpn-status' is reserved")]
    [InlineData("too many shown columns", "show: [src, dst, dport, proto]", "show: [src, sport, dst, dport, proto]", "show: [src, sport", "show of parse of runbook 'firewall-sessions' lists more than 4 columns")]
    public void Lint_BrokenParser_ReportsFileAndLine(string rule, string find, string replacement, string marker, string message)
    {
        using var inventory = new TempInventory().Replace(R, find, replacement);
        var expectedLine = inventory.LineOf(R, marker);

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        var expected = $"{inventory.PathOf(R)}:{expectedLine}: ";
        Assert.True(
            result.Diagnostics.Any(d => d.ToString().StartsWith(expected, StringComparison.Ordinal) && d.Message.Contains(message, StringComparison.Ordinal)),
            $"{rule}: expected '{expected}...{message}' among:\n" + string.Join('\n', result.Diagnostics));
    }

    [Fact]
    public void Lint_ParserMissingATargetPlatform_IsAnError()
    {
        // bounce-interface targets cisco_ios and cisco_nxos; drop its (last) cisco_nxos parser.
        using var inventory = new TempInventory();
        var text = File.ReadAllText(inventory.PathOf(R));
        var start = text.LastIndexOf("        cisco_nxos:\n          blank_means_empty: true\n", StringComparison.Ordinal);
        inventory.Write(R, text[..start]);

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("parse of runbook 'bounce-interface' has no rules for cisco_nxos, which is in its target platforms; its output would go unparsed", StringComparison.Ordinal));
    }

    [Fact]
    public void Lint_ParserForAPlatformOutsideTheTarget_IsAnError()
    {
        using var inventory = new TempInventory().Replace(R, "      platforms:\n        fortios:\n          rules:\n            - {match: '^''(?<name>", "      platforms:\n        linux:\n          rules:\n            - {match: '^x(?<name>\\S+)', action: record}\n        fortios:\n          rules:\n            - {match: '^''(?<name>");

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("parse of runbook 'vpn-status' has rules for linux, which is not in its target platforms", StringComparison.Ordinal));
    }
}
