namespace ChatNetOps.Core.Execution;

using System.Text;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory;

/// <summary>
/// Fills a runbook's command templates for one platform. Placeholders are <c>{input_name}</c> and may reference
/// declared inputs only; values come from <see cref="InputValidator"/> and nowhere else. A line that references an
/// optional input which was not given is left out.
/// </summary>
public static partial class CommandRenderer
{
    public static IReadOnlyList<string> Render(Runbook runbook, Platform platform, IReadOnlyDictionary<string, string> validatedInputs) =>
        RenderWithConfirms(runbook, platform, validatedInputs).Commands;

    /// <summary>
    /// The commands as <see cref="Render"/> makes them, and the declared answers (<c>confirm:</c>) keyed by the index of
    /// the rendered command that asks them (a left-out optional line shifts the indices).
    /// </summary>
    public static (IReadOnlyList<string> Commands, IReadOnlyDictionary<int, CommandConfirm> Confirms) RenderWithConfirms(
        Runbook runbook, Platform platform, IReadOnlyDictionary<string, string> validatedInputs)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        if (!runbook.Commands.TryGetValue(platform, out var templates))
        {
            throw new InvalidOperationException($"Runbook '{runbook.Name}' has no commands for platform {platform.ToName()}; add them to runbooks.yaml or narrow its target scope.");
        }

        var declared = runbook.Confirms.GetValueOrDefault(platform);
        var commands = new List<string>(templates.Count);
        var confirms = new Dictionary<int, CommandConfirm>();
        for (var i = 0; i < templates.Count; i++)
        {
            var template = templates[i];
            if (!Placeholders(template).All(name => validatedInputs.ContainsKey(name) || runbook.FindInput(name) is not { Required: false }))
            {
                continue;
            }

            if (declared is not null && declared.TryGetValue(i, out var confirm))
            {
                confirms[commands.Count] = confirm;
            }

            commands.Add(RenderOne(runbook, template, validatedInputs));
        }

        return (commands, confirms);
    }

    /// <summary>The input names a template references.</summary>
    public static IEnumerable<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    private static string RenderOne(Runbook runbook, string template, IReadOnlyDictionary<string, string> inputs)
    {
        var result = new StringBuilder(template.Length + 32);
        var last = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            result.Append(template, last, m.Index - last);
            var name = m.Groups[1].Value;
            if (runbook.FindInput(name) is null)
            {
                throw new InvalidOperationException($"Runbook '{runbook.Name}' template '{template}' references undeclared input '{name}'; declare it under inputs or fix the template (run 'chatnetops lint').");
            }

            if (!inputs.TryGetValue(name, out var value))
            {
                throw new InvalidOperationException($"Runbook '{runbook.Name}' template '{template}' needs input '{name}', which was not validated; this is a bug in the caller.");
            }

            result.Append(value);
            last = m.Index + m.Length;
        }

        result.Append(template, last, template.Length - last);
        return result.ToString();
    }

    [GeneratedRegex("\\{([A-Za-z_][A-Za-z0-9_]*)\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
