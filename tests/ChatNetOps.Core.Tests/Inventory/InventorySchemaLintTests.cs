namespace ChatNetOps.Core.Tests.Inventory;

using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// Shape rules now checked by the JSON Schemas (JsonSchema.Net), reported at the YAML line the finding points into with
/// the schema's own <c>x-lint</c> message; and input defaults checked by <c>InputValidator</c> itself.
/// </summary>
public sealed partial class InventorySchemaLintTests
{
    private const string D = "devices.yaml";
    private const string R = "runbooks.yaml";
    private const string P = "policy.yaml";

    [Theory]
    [InlineData("ipv4 default every request would refuse", R, "description: Only sessions from this source address.\n", "description: Only sessions from this source address.\n        default: '10.1'\n", "default: '10.1'", "default '10.1' of input 'src' of runbook 'firewall-sessions' must be an IPv4 address like 10.0.0.1")]
    [InlineData("enum default outside its values", R, "values: [\"1\", \"6\", \"17\"]\n", "values: [\"1\", \"6\", \"17\"]\n        default: '99'\n", "default: '99'", "default '99' of input 'proto' of runbook 'firewall-sessions' must be one of 1, 6, 17")]
    [InlineData("integer default outside min..max", R, "min: 1\n        max: 65535\n", "min: 1\n        max: 65535\n        default: 70000\n", "default: 70000", "default '70000' of input 'dport' of runbook 'firewall-sessions' must be between 1 and 65535")]
    [InlineData("token default outside its pattern", R, "max_length: 35\n", "max_length: 35\n        default: '-tunnel'\n", "default: '-tunnel'", "default '-tunnel' of input 'tunnel' of runbook 'vpn-status' does not match the allowed pattern")]
    [InlineData("vdom on a cisco device", D, "SHA256:X1gLYzh5LBLPyONpwkzSfqJk0L3mOp0Odtqmf4BBCgw\n", "SHA256:X1gLYzh5LBLPyONpwkzSfqJk0L3mOp0Odtqmf4BBCgw\n    vdom: blue\n", "vdom: blue", "vdom in device 'core-rtr-01' applies only to fortios devices")]
    [InlineData("fortigate_api on a cisco device", D, "    transport: lab\n    credential_ref: cisco-netops\n    host_key_fingerprint: SHA256:X1gL", "    transport: fortigate_api\n    credential_ref: cisco-netops\n    host_key_fingerprint: SHA256:X1gL", "transport: fortigate_api", "transport fortigate_api in device 'core-rtr-01' needs platform fortios")]
    [InlineData("management address that is no address", D, "address: 192.0.2.11", "address: 'not an address!'", "not an address!", "management address 'not an address!' of device 'fw-edge-01' is neither an IP address nor a host name")]
    [InlineData("text where a number belongs", D, "session_limit: 2\n    vdom: root", "session_limit: many\n    vdom: root", "session_limit: many", "'session_limit' in device 'fw-edge-01' must be a whole number, not 'many'")]
    [InlineData("unknown key whose value starts on the next line", D, "    site: ams1\n", "    site: ams1\n    extra:\n      nested: 1\n", "    extra:", "unknown key 'extra' in device 'fw-edge-01'; expected one of")]
    [InlineData("min on a token input", R, "max_length: 35\n", "max_length: 35\n        min: 2\n", "        min: 2", "min and max apply only to integer inputs (input 'tunnel' of runbook 'vpn-status')")]
    [InlineData("pattern on an ipv4 input", R, "description: Only sessions from this source address.\n", "description: Only sessions from this source address.\n        pattern: '[0-9]+'\n", "pattern: '[0-9]+'", "pattern applies only to interface and token inputs, not to ipv4 (input 'src' of runbook 'firewall-sessions')")]
    [InlineData("values on an ipv4 input", R, "description: Only sessions from this source address.\n", "description: Only sessions from this source address.\n        values: [a]\n", "values: [a]", "values apply only to enum inputs (input 'src' of runbook 'firewall-sessions')")]
    [InlineData("unknown platform under commands", R, "      fortios:\n        - get vpn ipsec tunnel summary", "      junos:\n        - get vpn ipsec tunnel summary", "junos:", "unknown platform 'junos' under commands of runbook 'vpn-status'; expected fortios, cisco_ios, cisco_nxos or linux")]
    [InlineData("command with a control character", R, "        - get vpn ipsec tunnel summary", "        - \"get vpn\\tipsec tunnel summary\"", "get vpn\\tipsec", "command 'get vpnU+0009ipsec tunnel summary' of runbook 'vpn-status' contains a control character")]
    [InlineData("binding time that is no time", P, "valid_until: 2027-01-01T00:00:00Z", "valid_until: next tuesday", "valid_until: next tuesday", "valid_until of binding of 'C0CHG2001' must be an ISO 8601 time like 2026-01-01T00:00:00Z")]
    [InlineData("malformed Slack user id", P, "slack_user_id: U0BOB000002", "slack_user_id: bob", "slack_user_id: bob", "slack_user_id 'bob' of member 'bob' must look like U012ABCDEF")]
    public void Lint_ShapeOrDefaultProblem_ReportsTheSchemaMessageAtItsLine(string rule, string file, string find, string replacement, string marker, string message)
    {
        using var inventory = new TempInventory().Replace(file, find, replacement);
        var expected = $"{inventory.PathOf(file)}:{inventory.LineOf(file, marker)}: ";

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        var match = Assert.Single(result.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(match.ToString().StartsWith(expected, StringComparison.Ordinal), $"{rule}: expected '{expected}{message}', got '{match}'");
    }

    [Fact]
    public void Lint_DefaultThatNamesNoDevice_IsReported()
    {
        using var inventory = new TempInventory().Replace(R, "description: The FortiGate to query.\n", "description: The FortiGate to query.\n        default: fw-edge-99\n");

        var result = InventoryLoader.Load(inventory.Directory);

        var problem = Assert.Single(result.Diagnostics);
        Assert.Equal($"{inventory.PathOf(R)}:{inventory.LineOf(R, "default: fw-edge-99")}: default 'fw-edge-99' of input 'device' of runbook 'firewall-sessions' names no device in devices.yaml", problem.ToString());
    }

    [Fact]
    public void Lint_Ipv6ManagementAddress_IsAccepted()
    {
        using var inventory = new TempInventory().Replace(D, "address: 192.0.2.11", "address: '2001:db8::11'");

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("2001:db8::11", result.Catalog!.FindDevice("fw-edge-01")!.Address);
    }

    [Fact]
    public void Lint_ManyShapeProblems_EveryMessageIsFilledIn()
    {
        using var inventory = new TempInventory()
            .Replace(D, "platform: cisco_nxos", "platform: junos")
            .Replace(D, "    site: ams1\n", "    site: ams1\n    colour: red\n")
            .Replace(D, "groups: [edge-firewalls]", "groups: [edge firewalls]")
            .Replace(R, "timeout_seconds: 30", "timeout_seconds: [30]")
            .Replace(R, "mode: read-only", "mode: sometimes")
            .Replace(P, "channel_kinds: [direct, console]", "channel_kinds: [direct, pigeon]")
            .Replace(P, "  - name: admin\n", "  - name: 'ad min'\n");

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.True(result.Diagnostics.Count >= 7, string.Join('\n', result.Diagnostics));
        Assert.All(result.Diagnostics, d =>
        {
            Assert.True(d.Line > 0, d.ToString());
            Assert.DoesNotMatch(UnfilledPlaceholder(), d.Message);
        });
    }

    [Theory]
    [InlineData("devices.schema.json")]
    [InlineData("runbooks.schema.json")]
    [InlineData("policy.schema.json")]
    public void EmbeddedSchema_IsTheFileInTheInventoryFolder(string schema)
    {
        Assert.Equal(File.ReadAllText(Path.Combine(SampleInventory.Directory, "schemas", schema)), InventorySchema.Text(schema));
    }

    [GeneratedRegex("\\{[A-Za-z_#]+\\}")]
    private static partial Regex UnfilledPlaceholder();
}
