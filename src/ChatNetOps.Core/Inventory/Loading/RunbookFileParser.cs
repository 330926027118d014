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
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
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
                runbooks.Add((runbook with { Aliases = Aliases(file, r, name, aliases, context) }, r));
            }
        }

        // Checks, rollbacks and next steps name other runbooks: linked once every runbook is built.
        return RunbookLinker.Link(file, runbooks);
    }

    /// <summary>
    /// The runbook's <c>aliases:</c>, single-spaced. One raw CLI line points at one runbook: an alias another runbook
    /// already lists, or one that is a runbook's name, is an error at its line.
    /// </summary>
    private static List<string> Aliases(SourceFile file, MappingReader r, string name, Dictionary<string, string> claimed, LoadContext context)
    {
        var list = new List<string>();
        foreach (var node in r.StringList("aliases"))
        {
            var alias = string.Join(' ', node.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (claimed.TryGetValue(alias, out var owner))
            {
                file.Error(node, string.Equals(owner, name, StringComparison.OrdinalIgnoreCase)
                    ? $"alias '{alias}' is listed twice in runbook '{name}'"
                    : $"alias '{alias}' of runbook '{name}' is already an alias of runbook '{owner}'; one raw command points at one runbook");
                continue;
            }

            context.Defer(() =>
            {
                if (context.RunbookNames.Contains(alias))
                {
                    file.Error(node, $"alias '{alias}' of runbook '{name}' is a runbook's name; an alias is a raw CLI line such as 'show ip ospf neighbor'");
                }
            });
            claimed[alias] = name;
            list.Add(alias);
        }

        return list;
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

        var (commands, confirms, commandsOk) = BuildCommands(file, r.Mapping("commands")!, what, mode, platforms, inputs);
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

        // A standard change skips the per-run approval inside an acknowledged window, so it must change state and
        // must look before it acts (pre_check:).
        var standard = r.Bool("standard") == true ? r.Value("standard") : null;
        var hasPreCheck = r.Value("pre_check") is not null;
        if (standard is not null && mode != RunbookMode.StateChanging)
        {
            file.Error(standard, $"{what} is standard but read-only; only a state-changing runbook is a standard change");
            return null;
        }

        if (standard is not null && !hasPreCheck)
        {
            file.Error(standard, $"{what} is standard but declares no pre_check:; a standard change always runs its pre-check before it acts");
            return null;
        }

        var runbook = new Runbook(
            name, r.String("description")!, mode, platforms, groups, inputs, commands, approval, channel,
            r.String("blast_radius")!, r.String("rollback")!, TimeSpan.FromSeconds(r.Integer("timeout_seconds")!.Value),
            r.String("output") ?? "text", Version: string.Empty) { Confirms = confirms };
        return runbook with { Version = RunbookVersion.Compute(runbook), Parser = parser, Standard = standard is not null };
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

    private static (Dictionary<Platform, IReadOnlyList<string>> Commands, Dictionary<Platform, IReadOnlyDictionary<int, CommandConfirm>> Confirms, bool Ok) BuildCommands(
        SourceFile file, YamlMappingNode node, string runbook, RunbookMode mode, List<Platform> platforms, List<RunbookInput> inputs)
    {
        var commands = new Dictionary<Platform, IReadOnlyList<string>>();
        var confirms = new Dictionary<Platform, IReadOnlyDictionary<int, CommandConfirm>>();
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
            var answers = new Dictionary<int, CommandConfirm>();
            foreach (var entry in ((YamlSequenceNode)valueNode).Children)
            {
                // A command is a template, or { command: template, confirm: { expect, answer } } when the device asks.
                var (templateNode, confirmNode) = entry is YamlMappingNode m
                    ? ((YamlScalarNode)new MappingReader(m).Scalar("command")!, new MappingReader(m).Mapping("confirm"))
                    : ((YamlScalarNode)entry, null);
                var template = templateNode.Value!;
                ok &= CheckTemplate(file, templateNode, template, inputs, runbook);
                if (confirmNode is not null)
                {
                    var confirm = BuildConfirm(file, new MappingReader(confirmNode), $"confirm of command '{template}' of {runbook}", mode, platform);
                    ok &= confirm is not null;
                    if (confirm is not null)
                    {
                        answers[templates.Count] = confirm;
                    }
                }

                templates.Add(template);
            }

            commands[platform] = templates;
            if (answers.Count > 0)
            {
                confirms[platform] = answers;
            }
        }

        foreach (var platform in platforms.Where(p => !commands.ContainsKey(p)))
        {
            file.Error(node, $"{runbook} has no commands for {platform.ToName()}, which is in its target platforms");
            ok = false;
        }

        return (commands, confirms, ok);
    }

    /// <summary>
    /// A declared device question; null when unusable: <c>expect</c> is not a safe regular expression or matches
    /// anything, the answer holds a control character, the platform has no terminal to answer on, or a read-only
    /// runbook would agree to what the device asks.
    /// </summary>
    private static CommandConfirm? BuildConfirm(SourceFile file, MappingReader r, string what, RunbookMode mode, Platform platform)
    {
        var expectNode = r.Scalar("expect")!;
        var answerNode = r.Scalar("answer")!;
        var expect = expectNode.Value ?? string.Empty;
        var answer = answerNode.Value ?? string.Empty;
        var ok = true;
        if (platform == Platform.Linux)
        {
            file.Error(expectNode, $"{what}: linux commands run on exec channels without a terminal, so a question cannot be answered; remove confirm or use a non-interactive flag of the command");
            ok = false;
        }

        Regex? regex = null;
        try
        {
            // Linear-time matching: the pattern is tried on device output while a session waits.
            regex = new Regex(expect, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            file.Error(expectNode, $"expect '{expect}' of {what} is not a valid regular expression: {e.Message}");
            ok = false;
        }

        if (regex is null)
        {
            // Reported above.
        }
        else if (LoneCharacterClass().Match(expect) is { Success: true } cls)
        {
            file.Error(expectNode, $"expect '{expect}' of {what} is a regular expression, and [{cls.Groups[1].Value}] matches any ONE of those characters; write '\\[{cls.Groups[1].Value}\\]' to match the text [{cls.Groups[1].Value}]");
            ok = false;
        }
        else if (regex.IsMatch(string.Empty))
        {
            file.Error(expectNode, $"expect '{expect}' of {what} matches an empty line, so it would answer any question; name the question's text, e.g. '\\[confirm\\]'");
            ok = false;
        }
        else if (regex.IsMatch("Password: ") || regex.IsMatch("Enter passphrase: "))
        {
            file.Error(expectNode, $"expect '{expect}' of {what} matches a password question; answers are recorded in results and audit, so secrets never go in runbooks.yaml (credentials hold them)");
            ok = false;
        }

        if (answer.Any(char.IsControl))
        {
            file.Error(answerNode, $"answer of {what} contains a newline or control character; write the text to type on one line (Enter is sent after it)");
            ok = false;
        }

        if (mode == RunbookMode.ReadOnly && ok)
        {
            if (Agrees(answer))
            {
                file.Error(answerNode, $"{what} agrees to a device question ('{(answer.Length == 0 ? "(Enter)" : answer)}') in a read-only runbook; a command that needs confirming changes the device: mark the runbook state-changing");
                ok = false;
            }
            else
            {
                file.Warning(answerNode, $"{what} declares an answer in a read-only runbook; check that the command really changes nothing");
            }
        }

        return ok ? new CommandConfirm(expect, answer) : null;
    }

    /// <summary>Answers that say yes to a device: Enter (the default of a <c>[confirm]</c>), y, yes.</summary>
    private static bool Agrees(string answer) =>
        answer.Trim().ToLowerInvariant() is "" or "y" or "yes";

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

    /// <summary>A pattern that is one bracket expression of word characters, e.g. <c>[confirm]</c> meant as text.</summary>
    [GeneratedRegex(@"^\[([A-Za-z/ ]{2,})\]$", RegexOptions.CultureInvariant)]
    private static partial Regex LoneCharacterClass();
}
