namespace ChatNetOps.Core.Checks;

using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// Another runbook and how its inputs are filled from this one's (<c>{input}</c>) and, for a next step, from a result
/// row (<c>{row.field}</c>): <c>{runbook: verify-ospf, inputs: {device: "{device}"}}</c>. What is filled is validated by
/// the linked runbook's own inputs before anything runs, exactly like a chat request.
/// </summary>
public sealed partial record RunbookLink(string Runbook, IReadOnlyDictionary<string, string> Inputs)
{
    /// <summary>The names a value template references: plain names are inputs, <c>row.x</c> are row fields.</summary>
    public static IEnumerable<string> Placeholders(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>
    /// The linked runbook's raw inputs; null when a template needs a value that is not there (an optional input that was
    /// not given, a row without the field).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Fill(IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string>? row = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var filled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, template) in Inputs)
        {
            var value = new StringBuilder();
            var last = 0;
            foreach (Match m in Placeholder().Matches(template))
            {
                value.Append(template, last, m.Index - last);
                var reference = m.Groups[1].Value;
                string? found;
                if (reference.StartsWith("row.", StringComparison.Ordinal))
                {
                    found = row is not null && row.TryGetValue(reference[4..], out var v) && v.Length > 0 ? v : null;
                }
                else
                {
                    found = inputs.TryGetValue(reference, out var v) ? v : null;
                }

                if (found is null)
                {
                    return null;
                }

                value.Append(found);
                last = m.Index + m.Length;
            }

            value.Append(template, last, template.Length - last);
            filled[name] = value.ToString();
        }

        return filled;
    }

    [GeneratedRegex("\\{((?:row\\.)?[A-Za-z_][A-Za-z0-9_]*)\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
