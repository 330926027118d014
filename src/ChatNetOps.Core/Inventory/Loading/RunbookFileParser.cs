namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Parsing;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads <c>runbooks.yaml</c>. Its shape is checked by <c>runbooks.schema.json</c>; this builds runbooks from the
/// entries that passed and checks what the schema cannot: names that must be unique or exist elsewhere, commands
/// against the target platforms and the declared inputs, input patterns, and defaults (by <see cref="InputValidator"/>).
/// </summary>
internal static partial class RunbookFileParser
{
    public const string FileName = "runbooks.yaml";

    public static List<Runbook> Parse(SourceFile file, LoadContext context)
    {
        var runbooks = new List<(Runbook, MappingReader)>();
        var (root, findings) = file.LoadValidated();
        if (root is null)
        {
            return [];
        }

        var list = new MappingReader(root).Sequence("runbooks");
        context.RunbooksRead = list is not null;
        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapping in list?.Children.OfType<YamlMappingNode>() ?? [])
        {
            var r = new MappingReader(mapping);
            var name = r.String("name");
            if (name is null || !Names.Identifier().IsMatch(name))
            {
                continue;
            }

            if (seen.TryGetValue(name, out var first))
            {
                file.Error(mapping, $"duplicate runbook name '{name}' (first defined on line {first.Start.Line})");
                continue;
            }

            seen[name] = mapping;
            context.RunbookNames.Add(name);
            if (findings.IsValid(mapping) && Build(file, r, name, context) is { } runbook)
            {
                runbooks.Add((runbook, r));
            }
        }

        // Checks, rollbacks and next steps name other runbooks: linked once every runbook is built.
        return RunbookLinker.Link(file, runbooks);
    }

    /// <summary>Builds a runbook the schema found no fault with, checking what its parts say about each other.</summary>
    private static Runbook? Build(SourceFile file, MappingReader r, string name, LoadContext context)
    {
        var what = $"runbook '{name}'";
        var mode = r.String("mode") == "state-changing" ? RunbookMode.StateChanging : RunbookMode.ReadOnly;
        var target = new MappingReader(r.Mapping("target")!);
        var platforms = new List<Platform>();
        foreach (var p in target.StringList("platforms"))
        {
            platforms.Add(PlatformNames.ParsePlatform(p.Value));
        }

        var groups = new List<string>();
        foreach (var g in target.StringList("groups"))
        {
            var group = g.Value!.Trim();
            groups.Add(group);
            context.Defer(() =>
            {
                if (context.DevicesRead && !context.DeviceGroups.Contains(group))
                {
                    file.Error(g, $"target of {what} names unknown device group '{group}'; no device in devices.yaml is in it");
                }
            });
        }

        var ok = true;
        var inputs = new List<RunbookInput>();
        foreach (var mapping in r.Sequence("inputs")!.Children.OfType<YamlMappingNode>())
        {
            var input = BuildInput(file, new MappingReader(mapping), what, context);
            if (input is null)
            {
                ok = false;
            }
            else if (inputs.Any(i => string.Equals(i.Name, input.Name, StringComparison.OrdinalIgnoreCase)))
            {
                file.Error(mapping, $"duplicate input '{input.Name}' in {what}");
                ok = false;
            }
            else
            {
                inputs.Add(input);
            }
        }

        var (commands, commandsOk) = BuildCommands(file, r.Mapping("commands")!, what, platforms, inputs);
        ok &= commandsOk;
        OutputParser? parser = null;
        if (r.Mapping("parse") is { } parse)
        {
            parser = OutputParserBuilder.Build(file, parse, what, platforms);
            ok &= parser is not null;
        }

        var approval = BuildApproval(file, r.Mapping("approval"), what, context);
        var channel = r.String("channel") switch
        {
            "incident" => ChannelRequirement.Incident,
            "incident-or-change-window" => ChannelRequirement.IncidentOrChangeWindow,
            _ => ChannelRequirement.Any,
        };

        if (!ok)
        {
            return null;
        }

        var runbook = new Runbook(
            name, r.String("description")!, mode, platforms, groups, inputs, commands, approval, channel,
            r.String("blast_radius")!, r.String("rollback")!, TimeSpan.FromSeconds(r.Integer("timeout_seconds")!.Value),
            r.String("output") ?? "text", Version: string.Empty);
        return runbook with { Version = RunbookVersion.Compute(runbook), Parser = parser };
    }

    /// <summary>
    /// An input; null when it is unusable: its pattern is not a safe regular expression, its values or bounds
    /// contradict each other, or its default is a value <see cref="InputValidator"/> would refuse in a request.
    /// </summary>
    private static RunbookInput? BuildInput(SourceFile file, MappingReader r, string runbook, LoadContext context)
    {
        var name = r.String("name")!;
        var what = $"input '{name}' of {runbook}";
        var ok = true;
        var type = TryParseInputType(r.String("type"), out var parsed) ? parsed : throw new ArgumentException("The schema admits only known input types.");
        var maxLength = (int)(r.Integer("max_length") ?? 64);
        var pattern = r.Scalar("pattern")?.Value;
        if (pattern is not null && CheckPattern(pattern) is { } problem)
        {
            file.Error(r.Scalar("pattern")!, $"pattern of {what} {problem}");
            ok = false;
        }

        var values = new List<string>();
        foreach (var v in r.StringList("values"))
        {
            if (v.Value!.Length > maxLength)
            {
                file.Error(v, $"enum value '{InputValidator.Printable(v.Value)}' of {what} can never be entered: values may use only {InputValidator.SafeCharacters} and at most max_length characters");
                ok = false;
            }
            else if (values.Contains(v.Value, StringComparer.OrdinalIgnoreCase))
            {
                file.Error(v, $"enum value '{v.Value}' is listed twice in {what}");
                ok = false;
            }
            else
            {
                values.Add(v.Value);
            }
        }

        var min = r.Integer("min");
        var max = r.Integer("max");
        if (min is { } lo && max is { } hi && lo > hi)
        {
            file.Error(r.Scalar("min")!, $"min {lo} is greater than max {hi} in {what}");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        var input = new RunbookInput(name, type, r.Bool("required") ?? false)
        {
            Description = r.String("description"),
            Pattern = pattern,
            Values = values,
            Min = min,
            Max = max,
            MaxLength = maxLength,
            Default = r.String("default"),
        };

        if (input.Default is { } value)
        {
            // The very check a request's value gets, so lint never accepts a default every request then refuses.
            if (InputValidator.CheckValue(input, value) is { } refused)
            {
                file.Error(r.Scalar("default")!, $"default '{InputValidator.Printable(value)}' of {what} {refused}");
                return null;
            }

            var defaultNode = r.Scalar("default")!;
            context.Defer(() =>
            {
                var known = type switch
                {
                    InputType.Device => !context.DevicesRead || context.DeviceNames.Contains(value),
                    InputType.DeviceGroup => !context.DevicesRead || context.DeviceGroups.Contains(value),
                    _ => true,
                };
                if (!known)
                {
                    file.Error(defaultNode, $"default '{InputValidator.Printable(value)}' of {what} names no {(type == InputType.Device ? "device" : "device group")} in devices.yaml");
                }
            });
        }

        return input;
    }

    private static (Dictionary<Platform, IReadOnlyList<string>> Commands, bool Ok) BuildCommands(
        SourceFile file, YamlMappingNode node, string runbook, List<Platform> platforms, List<RunbookInput> inputs)
    {
        var commands = new Dictionary<Platform, IReadOnlyList<string>>();
        var ok = true;
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var platform = PlatformNames.ParsePlatform(key);
            if (!platforms.Contains(platform))
            {
                file.Error(keyNode, $"commands of {runbook} for {key}, which is not in its target platforms");
                ok = false;
            }

            var templates = new List<string>();
            foreach (var t in ((YamlSequenceNode)valueNode).Children.OfType<YamlScalarNode>())
            {
                ok &= CheckTemplate(file, t, t.Value!, inputs, runbook);
                templates.Add(t.Value!);
            }

            commands[platform] = templates;
        }

        foreach (var platform in platforms.Where(p => !commands.ContainsKey(p)))
        {
            file.Error(node, $"{runbook} has no commands for {platform.ToName()}, which is in its target platforms");
            ok = false;
        }

        return (commands, ok);
    }

    private static bool CheckTemplate(SourceFile file, YamlNode node, string template, List<RunbookInput> inputs, string runbook)
    {
        var ok = true;
        foreach (var placeholder in CommandRenderer.Placeholders(template))
        {
            if (!inputs.Any(i => string.Equals(i.Name, placeholder, StringComparison.OrdinalIgnoreCase)))
            {
                file.Error(node, $"command '{template}' of {runbook} references undeclared input '{{{placeholder}}}'");
                ok = false;
            }
        }

        var literal = PlaceholderPattern().Replace(template, string.Empty);
        if (literal.Contains('{', StringComparison.Ordinal) || literal.Contains('}', StringComparison.Ordinal))
        {
            file.Error(node, $"command '{template}' of {runbook} has a brace that is not an {{input}} placeholder");
            ok = false;
        }

        return ok;
    }

    private static ApprovalRule BuildApproval(SourceFile file, YamlMappingNode? node, string runbook, LoadContext context)
    {
        if (node is null)
        {
            return ApprovalRule.None;
        }

        var a = new MappingReader(node);
        var roles = new List<string>();
        foreach (var role in a.StringList("approver_roles"))
        {
            var name = role.Value!.Trim();
            roles.Add(name);
            context.Defer(() =>
            {
                if (context.PolicyRead && !context.RoleNames.Contains(name))
                {
                    file.Error(role, $"approval of {runbook} names unknown role '{name}'; declare it under roles in policy.yaml");
                }
            });
        }

        var expiry = a.Integer("expiry_minutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        return new ApprovalRule(a.Bool("required") ?? false, roles, expiry);
    }

    private static string? CheckPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression: {e.Message}";
        }

        return PatternSafety.Check(pattern);
    }

    private static bool TryParseInputType(string? name, out InputType type)
    {
        switch (name)
        {
            case "device": type = InputType.Device; return true;
            case "device_group": type = InputType.DeviceGroup; return true;
            case "interface": type = InputType.Interface; return true;
            case "enum": type = InputType.Enum; return true;
            case "integer": type = InputType.Integer; return true;
            case "ipv4": type = InputType.Ipv4; return true;
            case "token": type = InputType.Token; return true;
            default: type = default; return false;
        }
    }

    [GeneratedRegex("\\{[A-Za-z_][A-Za-z0-9_]*\\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
