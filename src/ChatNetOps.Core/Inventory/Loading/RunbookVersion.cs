namespace ChatNetOps.Core.Inventory.Loading;

using System.Security.Cryptography;
using System.Text.Json;

/// <summary>
/// The version of a runbook: SHA-256 over a canonical JSON form of everything that decides what runs and under
/// which rules (mode, scope, inputs, commands and their declared answers, approval, channel, timeout, output). Prose (description, blast
/// radius, rollback note) is left out so fixing a typo does not invalidate pending approvals.
/// </summary>
internal static class RunbookVersion
{
    public static string Compute(Runbook runbook)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", runbook.Name.ToLowerInvariant());
            json.WriteString("mode", runbook.Mode.ToString());
            WriteArray(json, "platforms", runbook.Platforms.Select(p => p.ToName()).Order(StringComparer.Ordinal));
            WriteArray(json, "groups", runbook.DeviceGroups.Select(g => g.ToLowerInvariant()).Order(StringComparer.Ordinal));
            json.WriteStartArray("inputs");
            foreach (var input in runbook.Inputs)
            {
                json.WriteStartObject();
                json.WriteString("name", input.Name);
                json.WriteString("type", input.Type.ToString());
                json.WriteBoolean("required", input.Required);
                json.WriteString("pattern", input.Pattern);
                WriteArray(json, "values", input.Values);
                WriteNumber(json, "min", input.Min);
                WriteNumber(json, "max", input.Max);
                json.WriteNumber("max_length", input.MaxLength);
                json.WriteString("default", input.Default);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("commands");
            foreach (var (platform, templates) in runbook.Commands.OrderBy(c => c.Key.ToName(), StringComparer.Ordinal))
            {
                WriteArray(json, platform.ToName(), templates);
            }

            json.WriteEndObject();
            if (runbook.Confirms.Count > 0)
            {
                // Written only when declared, so runbooks without one keep the version they had.
                json.WriteStartObject("confirms");
                foreach (var (platform, answers) in runbook.Confirms.OrderBy(c => c.Key.ToName(), StringComparer.Ordinal))
                {
                    json.WriteStartArray(platform.ToName());
                    foreach (var (index, confirm) in answers.OrderBy(a => a.Key))
                    {
                        json.WriteStartObject();
                        json.WriteNumber("command", index);
                        json.WriteString("expect", confirm.Expect);
                        json.WriteString("answer", confirm.Answer);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("approval");
            json.WriteBoolean("required", runbook.Approval.Required);
            WriteArray(json, "approver_roles", runbook.Approval.ApproverRoles.Select(r => r.ToLowerInvariant()).Order(StringComparer.Ordinal));
            WriteNumber(json, "expiry_seconds", (long?)runbook.Approval.Expiry?.TotalSeconds);
            json.WriteEndObject();
            json.WriteString("channel", runbook.Channel.ToString());
            json.WriteNumber("timeout_seconds", (long)runbook.Timeout.TotalSeconds);
            json.WriteString("output", runbook.OutputFormat);
            json.WriteEndObject();
        }

        var hash = SHA256.HashData(buffer.ToArray());
        return Convert.ToHexStringLower(hash)[..16];
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
