namespace ChatNetOps.Core.Tests.Inventory;

using ChatNetOps.Core.Inventory.Loading;

/// <summary>One broken copy of the shipped inventory per lint rule; each asserts the exact file:line reported.</summary>
public sealed class InventoryLintTests
{
    private const string D = "devices.yaml";
    private const string R = "runbooks.yaml";
    private const string P = "policy.yaml";

    [Theory]
    [InlineData("unknown key", D, "    site: ams1\n", "    site: ams1\n    colour: red\n", "colour: red", 0, "unknown key 'colour' in device 'fw-edge-01'")]
    [InlineData("missing required field", D, "    site: ams1\n", "", "name: fw-edge-01", 0, "device 'fw-edge-01' is missing required key 'site'")]
    [InlineData("duplicate device", D, "name: fw-edge-02", "name: FW-EDGE-01", "name: FW-EDGE-01", 0, "duplicate device name 'FW-EDGE-01'")]
    [InlineData("unknown platform", D, "platform: cisco_nxos", "platform: junos", "platform: junos", 0, "unknown platform 'junos'")]
    [InlineData("unknown transport", D, "    transport: lab", "    transport: telnet", "transport: telnet", 0, "unknown transport 'telnet'")]
    [InlineData("malformed fingerprint", D, "SHA256:fu1Loq/BLK0B16d4dwOHSpEHiupgguNo2osvs7gMIqw", "SHA256:tooShort", "SHA256:tooShort", 0, "host_key_fingerprint of device 'fw-edge-01' must look like SHA256:")]
    [InlineData("session limit below 1", D, "session_limit: 4", "session_limit: 0", "session_limit: 0", 0, "session_limit of device 'jump-01' must be at least 1")]
    [InlineData("port out of range", D, "port: 22", "port: 70000", "port: 70000", 0, "port 70000 of device 'fw-edge-01' is outside 1..65535")]
    [InlineData("unsafe device name", D, "name: jump-01", "name: jump;01", "name: jump;01", 0, "device name 'jump;01' must use only")]
    [InlineData("duplicate runbook", R, "name: system-status", "name: VERIFY-OSPF", "name: VERIFY-OSPF", 0, "duplicate runbook name 'VERIFY-OSPF'")]
    [InlineData("unknown input type", R, "type: ipv4\n        required: false\n        description: Only sessions from", "type: ipv6\n        required: false\n        description: Only sessions from", "type: ipv6", 0, "unknown input type 'ipv6'")]
    [InlineData("unknown group in runbook scope", R, "groups: [distribution]", "groups: [distribution-layer]", "distribution-layer", 0, "runbook 'clear-ospf-neighbor' names unknown device group 'distribution-layer'")]
    [InlineData("template references undeclared input", R, "clear ip ospf neighbor {neighbor}", "clear ip ospf neighbor {neighbour}", "{neighbour}", 0, "references undeclared input '{neighbour}'")]
    [InlineData("template with a stray brace", R, "- show version\n      cisco_nxos", "- show version }\n      cisco_nxos", "show version }", 0, "has a brace that is not an {input} placeholder")]
    [InlineData("state-changing without approval.required", R, "required: true\n      approver_roles: [change-approver]\n      expiry_minutes: 30", "required: false\n      approver_roles: [change-approver]\n      expiry_minutes: 30", "expiry_minutes: 30", -2, "state-changing runbook 'clear-ospf-neighbor' must require approval (approval.required: true)")]
    [InlineData("state-changing not incident-bound", R, "channel: incident-or-change-window", "channel: any", "blast_radius: Everything behind", -1, "state-changing runbook 'bounce-interface' must be incident-bound")]
    [InlineData("missing commands for a platform in scope", R, "platforms: [fortios]\n      groups: [edge-firewalls]", "platforms: [fortios, linux]\n      groups: [edge-firewalls]", "diagnose sys session filter clear", -1, "runbook 'firewall-sessions' has no commands for linux")]
    [InlineData("commands for a platform outside scope", R, "    commands:\n      cisco_nxos:\n        - clear ip ospf", "    commands:\n      linux:\n        - ip route\n      cisco_nxos:\n        - clear ip ospf", "- ip route", -1, "commands of runbook 'clear-ospf-neighbor' for linux, which is not in its target platforms")]
    [InlineData("invalid regex", R, "pattern: '[A-Za-z0-9][A-Za-z0-9_.-]{0,34}'", "pattern: '[A-Za-z0-9('", "[A-Za-z0-9(", 0, "is not a valid regular expression")]
    [InlineData("pattern allowing unsafe characters", R, "pattern: '[A-Za-z0-9][A-Za-z0-9_.-]{0,34}'", "pattern: '[A-Za-z0-9 ;]+'", "[A-Za-z0-9 ;]+", 0, "allows the character ' ', which is outside the safe set")]
    [InlineData("pattern with a dot wildcard", R, "pattern: '[A-Za-z0-9][A-Za-z0-9_.-]{0,34}'", "pattern: 'vpn-.+'", "vpn-.+", 0, "uses '.', which matches any character")]
    [InlineData("pattern with \\d", R, "pattern: '[A-Za-z0-9][A-Za-z0-9_.-]{0,34}'", "pattern: 'vpn\\d+'", "vpn\\d+", 0, "uses the escape \\d")]
    [InlineData("enum without values", R, "values: [\"1\", \"6\", \"17\"]", "values: []", "values: []", 0, "enum input 'proto' of runbook 'firewall-sessions' must list its values")]
    [InlineData("integer min greater than max", R, "min: 1\n        max: 65535", "min: 70000\n        max: 65535", "min: 70000", 0, "min 70000 is greater than max 65535")]
    [InlineData("timeout not positive", R, "timeout_seconds: 30", "timeout_seconds: 0", "timeout_seconds: 0", 0, "timeout_seconds of runbook 'system-status' must be positive")]
    [InlineData("unknown output format", R, "output: table", "output: html", "output: html", 0, "unknown output format 'html'")]
    [InlineData("unknown approver role", R, "approver_roles: [change-approver]", "approver_roles: [cab]", "approver_roles: [cab]", 0, "names unknown role 'cab'")]
    [InlineData("alias of two runbooks", R, "      - 'uptime'\n", "      - 'uptime'\n      - 'show  ip ospf neighbor'\n", "'show  ip ospf neighbor'", 0, "alias 'show ip ospf neighbor' of runbook 'system-status' is already an alias of runbook 'verify-ospf'; one raw command points at one runbook")]
    [InlineData("alias not a lower-case CLI line", R, "- 'uname -a'", "- 'Uname -a'", "'Uname -a'", 0, "alias 'Uname -a' of runbook 'system-status' must be one lower-case CLI line")]
    [InlineData("alias that is a runbook name", R, "- 'uptime'", "- 'verify-ospf'", "- 'verify-ospf'", 0, "alias 'verify-ospf' of runbook 'system-status' is a runbook's name")]
    [InlineData("CLI in a state-changing runbook's free-text rollback", R, "rollback: If the interface stays down, roll back with enable-interface", "rollback: If it stays down, type `no shutdown` at the console", "type `no shutdown`", 0, "rollback of runbook 'bounce-interface' tells people to type CLI ('no shutdown')")]
    [InlineData("unquoted CLI in a free-text rollback", R, "rollback: If the interface stays down, roll back with enable-interface", "rollback: Log in and run no shut on the port", "run no shut on", 0, "rollback of runbook 'bounce-interface' tells people to type CLI ('no shut')")]
    [InlineData("compare rule naming an unknown field", R, "- {name: interface up again, on: after, expect: 'state == \"up\"'}", "- {name: interface up again, on: after, expect: 'link == \"up\"'}", "interface up again", 0, "expect of compare rule 'interface up again' of runbook 'bounce-interface'")]
    [InlineData("rollback runbook that is read-only", R, "      runbook: enable-interface\n", "      runbook: system-status\n", "runbook: system-status", 0, "rollback_runbook of runbook 'bounce-interface' ")]
    [InlineData("post-check naming an unknown runbook", R, "    post_check:\n      runbook: interface-counters\n      inputs: {device: \"{device}\", interface: \"{interface}\"}\n      within_seconds: 30\n      every_seconds: 10\n    compare:\n      - {name: interface up again", "    post_check:\n      runbook: interface-stats\n      inputs: {device: \"{device}\", interface: \"{interface}\"}\n      within_seconds: 30\n      every_seconds: 10\n    compare:\n      - {name: interface up again", "runbook: interface-stats", 0, "post_check of runbook 'bounce-interface' names unknown runbook 'interface-stats'")]
    [InlineData("check input from an undeclared input", R, "    post_check:\n      runbook: interface-counters\n      inputs: {device: \"{device}\", interface: \"{interface}\"}\n      within_seconds: 30\n      every_seconds: 10\n    compare:\n      - {name: interface up again", "    post_check:\n      runbook: interface-counters\n      inputs: {device: \"{device}\", interface: \"{port}\"}\n      within_seconds: 30\n      every_seconds: 10\n    compare:\n      - {name: interface up again", "interface: \"{port}\"", 0, "fills 'interface' from '{port}', which is not an input of this runbook")]
    [InlineData("next step filling from a row field the parser lacks", R, "interface: \"{row.interface}\"}", "interface: \"{row.port}\"}", "{row.port}", 0, "fills 'interface' from '{row.port}', which is not a field of this runbook's parser")]
    [InlineData("duplicate role", P, "  - name: admin\n", "  - name: VIEWER\n", "name: VIEWER", 0, "duplicate role 'VIEWER'")]
    [InlineData("duplicate member", P, "id: bob", "id: ALICE", "id: ALICE", 0, "duplicate member id 'ALICE'")]
    [InlineData("unknown channel kind", P, "channel_kinds: [direct, console]", "channel_kinds: [direct, carrier-pigeon]", "carrier-pigeon", 0, "unknown channel kind 'carrier-pigeon'")]
    [InlineData("unknown action", P, "actions: [approve]", "actions: [approve, delete]", "actions: [approve, delete]", 0, "unknown action 'delete'")]
    [InlineData("incident grant naming runbooks", P, "  - role: incident-commander\n    actions: [incident]\n", "  - role: incident-commander\n    actions: [incident]\n    runbooks: [verify-ospf]\n", "runbooks: [verify-ospf]", 0, "grant #7 grants only incident or report, which apply to no runbook or device: remove runbooks")]
    [InlineData("unknown group in grant", P, "device_groups: [distribution, access]", "device_groups: [distribution, acess]", "acess", 0, "grant #4 names unknown device group 'acess'")]
    [InlineData("grant with unknown role", P, "role: viewer\n    actions", "role: viewers\n    actions", "role: viewers", 0, "grant #1 names unknown role 'viewers'")]
    [InlineData("grant with unknown runbook", P, "runbooks: [system-status]", "runbooks: [system-stats]", "system-stats", 0, "grant #1 names unknown runbook 'system-stats'")]
    [InlineData("unknown change-window acknowledger role", P, "roles: [change-approver, admin]", "roles: [change-approver, cab]", "roles: [change-approver, cab]", 0, "decisions.change_window_acknowledgement names unknown role 'cab'; declare it under roles")]
    [InlineData("standard change without a pre-check", R, "channel: incident-or-change-window", "standard: true\n    channel: incident-or-change-window", "standard: true", 0, "runbook 'bounce-interface' is standard but declares no pre_check:")]
    [InlineData("read-only runbook marked standard", R, "timeout_seconds: 30\n", "standard: true\n    timeout_seconds: 30\n", "standard: true", 0, "runbook 'system-status' is standard but read-only")]
    [InlineData("unknown severity confirmer role", P, "roles: [incident-commander, admin]", "roles: [incident-commander, commander]", "roles: [incident-commander, commander]", 0, "decisions.severity_confirmation names unknown role 'commander'; declare it under roles")]
    [InlineData("member with unknown role", P, "roles: [viewer]", "roles: [observer]", "roles: [observer]", 0, "member 'erin' has unknown role 'observer'")]
    [InlineData("members sharing a Slack id", P, "slack_user_id: U0BOB000002", "slack_user_id: U0ALICE0001", "display_name: Bob Brandt", 2, "member 'bob' has the same Slack user id 'U0ALICE0001' as member 'alice'")]
    [InlineData("members sharing an AAD id", P, "3f1c2a9e-7d4b-4e8a-9c61-2b5d8e0f4a13", "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", 0, "member 'pat' has the same Teams AAD object id 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' as member 'bob'")]
    [InlineData("members sharing an email", P, "email: erin@contoso.com", "email: ALICE@contoso.com", "ALICE@contoso.com", 0, "member 'erin' has the same email 'ALICE@contoso.com' as member 'alice'")]
    [InlineData("binding to neither incident nor change window", P, "    incident: INC-1001\n  - platform: teams", "  - platform: teams", "conversation_id: C0INC1001", -1, "binding of 'C0INC1001' must name exactly one of incident or change_window")]
    [InlineData("binding window ending before it starts", P, "valid_until: 2027-01-01T00:00:00Z", "valid_until: 2025-01-01T00:00:00Z", "valid_until: 2025", 0, "valid_until of binding of 'C0CHG2001' must be after valid_from")]
    public void Lint_BrokenInventory_ReportsFileAndLine(string rule, string file, string find, string replacement, string marker, int offset, string message)
    {
        using var inventory = new TempInventory().Replace(file, find, replacement);
        var expectedLine = inventory.LineOf(file, marker) + offset;

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        var expected = $"{inventory.PathOf(file)}:{expectedLine}: ";
        Assert.True(
            result.Diagnostics.Any(d => d.ToString().StartsWith(expected, StringComparison.Ordinal) && d.Message.Contains(message, StringComparison.Ordinal)),
            $"{rule}: expected '{expected}...{message}' among:\n" + string.Join('\n', result.Diagnostics));
    }

    [Fact]
    public void Load_MalformedYaml_ReportsSyntaxErrorAtItsLine()
    {
        using var inventory = new TempInventory().Write(R, "runbooks:\n  - name: verify-ospf\n    mode: read-only: yes\n    description: x\n");

        var result = InventoryLoader.Load(inventory.Directory);

        var syntax = Assert.Single(result.Diagnostics, d => d.File == inventory.PathOf(R));
        Assert.StartsWith($"{inventory.PathOf(R)}:3: YAML syntax error", syntax.ToString(), StringComparison.Ordinal);
        Assert.Null(result.Catalog);
    }

    [Fact]
    public void Load_UnclosedFlowSequence_ReportsSyntaxError()
    {
        using var inventory = new TempInventory().Write(D, "devices:\n  - name: fw-edge-01\n    platform: fortios\n    groups: [edge-firewalls\n    site: ams1\n  - name: [\n");

        var result = InventoryLoader.Load(inventory.Directory);

        var syntax = Assert.Single(result.Diagnostics, d => d.File == inventory.PathOf(D));
        Assert.StartsWith("YAML syntax error", syntax.Message, StringComparison.Ordinal);
        Assert.InRange(syntax.Line, 4, 6);
        Assert.Null(result.Catalog);
    }

    [Fact]
    public void Load_DuplicateYamlKey_IsReportedWithItsLine()
    {
        using var inventory = new TempInventory().Replace(D, "    site: ams1\n", "    site: ams1\n    site: ams2\n");

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Contains(result.Diagnostics, d => d.File == inventory.PathOf(D) && d.Line is 13 or 14);
        Assert.Null(result.Catalog);
    }

    [Fact]
    public void Load_MissingFile_IsReported()
    {
        using var inventory = new TempInventory();
        File.Delete(inventory.PathOf(P));

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Equal($"{inventory.PathOf(P)}: file not found", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Load_ProblemsInEveryFile_ReportsAllOfThemAtOnce()
    {
        using var inventory = new TempInventory()
            .Replace(D, "port: 22", "port: 0")
            .Replace(D, "session_limit: 4", "session_limit: -1")
            .Replace(R, "timeout_seconds: 30", "timeout_seconds: -5")
            .Replace(P, "roles: [viewer]", "roles: [observer]");

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Equal(
            [
                $"{inventory.PathOf(D)}:{inventory.LineOf(D, "port: 0")}",
                $"{inventory.PathOf(D)}:{inventory.LineOf(D, "session_limit: -1")}",
                $"{inventory.PathOf(R)}:{inventory.LineOf(R, "timeout_seconds: -5")}",
                $"{inventory.PathOf(P)}:{inventory.LineOf(P, "roles: [observer]")}",
            ],
            result.Diagnostics.Select(d => $"{d.File}:{d.Line}"));
    }

    [Fact]
    public void LoadOrThrow_BrokenInventory_MessageListsEveryProblemAsFileLine()
    {
        using var inventory = new TempInventory()
            .Replace(D, "port: 22", "port: 0")
            .Replace(P, "roles: [viewer]", "roles: [observer]");

        var e = Assert.Throws<InventoryLoadException>(() => InventoryLoader.LoadOrThrow(inventory.Directory));

        Assert.Contains($"{inventory.PathOf(D)}:{inventory.LineOf(D, "port: 0")}: port 0", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{inventory.PathOf(P)}:{inventory.LineOf(P, "roles: [observer]")}: member 'erin'", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Diagnostics.Count);
    }
}
