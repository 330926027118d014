namespace ChatNetOps.Benchmarks.Execution;

using System.Globalization;
using System.Text;

/// <summary>A temp inventory: N lab devices in one group, a read-only runbook taking that group, a policy granting it.</summary>
internal static class FanOutInventory
{
    public const string Group = "bench-fleet";
    public const string Runbook = "bench-status";
    public const string Member = "bench";

    public static void Write(string directory, int devices)
    {
        Directory.CreateDirectory(directory);
        var yaml = new StringBuilder("devices:\n");
        for (var i = 0; i < devices; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: bench-{i:D3}
                    platform: linux
                    groups: [{Group}]
                    site: bench
                    management:
                      address: 198.51.100.{i % 250 + 1}
                      port: 22
                    transport: lab
                    credential_ref: bench
                    session_limit: 2

                """);
        }

        File.WriteAllText(Path.Combine(directory, "devices.yaml"), yaml.ToString());
        File.WriteAllText(Path.Combine(directory, "runbooks.yaml"), $"""
            runbooks:
              - name: {Runbook}
                description: Uptime of every host in a group.
                mode: read-only
                target:
                  platforms: [linux]
                  groups: [{Group}]
                inputs:
                  - name: group
                    type: device_group
                    required: true
                    description: The group to check.
                commands:
                  linux:
                    - uptime
                approval:
                  required: false
                channel: any
                blast_radius: None; read-only.
                rollback: Not applicable (read-only).
                timeout_seconds: 60
                output: text

            """);
        File.WriteAllText(Path.Combine(directory, "policy.yaml"), $"""
            roles:
              - name: bench-operator
                description: Runs the benchmark runbook.
            members:
              - id: {Member}
                display_name: Bench Operator
                roles: [bench-operator]
            grants:
              - role: bench-operator
                actions: [run]
                runbooks: [{Runbook}]
                device_groups: [{Group}]
                channel_kinds: [console]

            """);
    }
}
