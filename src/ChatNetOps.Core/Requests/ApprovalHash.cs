namespace ChatNetOps.Core.Requests;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// The hash that binds an approval to exactly what was asked: runbook, its version, inputs and targets.
/// The worker recomputes it before running, so an approved request cannot be altered afterwards.
/// </summary>
public static class ApprovalHash
{
    public static string Compute(string runbook, string runbookVersion, IReadOnlyDictionary<string, string> inputs, IReadOnlyList<string> targets)
    {
        var canonical = new StringBuilder();
        canonical.Append("runbook=").Append(runbook.ToLowerInvariant()).Append('\n');
        canonical.Append("version=").Append(runbookVersion).Append('\n');
        foreach (var (key, value) in inputs.OrderBy(p => p.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            canonical.Append("input.").Append(key.ToLowerInvariant()).Append('=').Append(value).Append('\n');
        }

        foreach (var target in targets.Select(t => t.ToLowerInvariant()).Order(StringComparer.Ordinal))
        {
            canonical.Append("target=").Append(target).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public static string Compute(RunRequest request) =>
        Compute(request.Runbook, request.RunbookVersion, request.Inputs, request.Targets);
}
