namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Execution;
using YamlDotNet.RepresentationModel;

/// <summary>Reads <c>runbooks.yaml</c>.</summary>
internal static partial class RunbookFileParser
{
    public const string FileName = "runbooks.yaml";

    private static readonly string[] RunbookKeys =
    [
        "name", "description", "mode", "target", "inputs", "commands", "approval", "channel",
        "blast_radius", "rollback", "timeout_seconds", "output",
    ];

    private static readonly string[] InputKeys =
        ["name", "type", "required", "description", "pattern", "values", "min", "max", "max_length", "default"];

    private static readonly string[] OutputFormats = ["text", "json", "table"];

    public static List<Runbook> Parse(SourceFile file, LoadContext context)
    {
        var runbooks = new List<Runbook>();
        var root = file.LoadRoot();
        if (root is null)
        {
            return runbooks;
        }

        var top = new MappingReader(file, root, FileName, "runbooks");
        top.ReportUnknownKeys();
        var list = top.Sequence("runbooks", required: true);
        context.RunbooksRead = list is not null;
        if (list is null)
        {
            return runbooks;
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                file.Error(item, "each runbook must be a mapping with name, mode, target, commands, ...");
                continue;
            }

            var (name, runbook) = ParseRunbook(file, mapping, context);
            if (name is null)
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
            if (runbook is not null)
            {
                runbooks.Add(runbook);
            }
        }

        return runbooks;
    }

    private static (string? Name, Runbook? Runbook) ParseRunbook(SourceFile file, YamlMappingNode mapping, LoadContext context)
    {
        var r = new MappingReader(file, mapping, "runbook", RunbookKeys);
        var name = r.String("name", required: true);
        if (name is not null)
        {
            r.What = $"runbook '{name}'";
            if (!Names.Identifier().IsMatch(name))
            {
                file.Error(r.Scalar("name", false)!, $"runbook name '{InputValidator.Printable(name)}' must use only {Names.IdentifierRule} characters");
                name = null;
            }
        }

        r.ReportUnknownKeys();
        var ok = name is not null;
        var description = r.String("description", required: true);
        ok &= description is not null;

        RunbookMode mode = default;
        var modeNode = r.Scalar("mode", required: true);
        switch (modeNode?.Value)
        {
            case null: ok = false; break;
            case "read-only": mode = RunbookMode.ReadOnly; break;
            case "state-changing": mode = RunbookMode.StateChanging; break;
            default:
                file.Error(modeNode, $"unknown mode '{modeNode.Value}' in {r.What}; expected read-only or state-changing");
                ok = false;
                break;
        }

        var (platforms, groups, scopeOk) = ParseTarget(file, r, context);
        ok &= scopeOk;

        var (inputs, inputsOk) = ParseInputs(file, r);
        ok &= inputsOk;

        var (commands, commandsOk) = ParseCommands(file, r, platforms, inputs);
        ok &= commandsOk;

        var (approval, approvalOk) = ParseApproval(file, r, context, mode, modeNode is not null);
        ok &= approvalOk;

        var channel = ChannelRequirement.Any;
        var channelNode = r.Scalar("channel", required: mode == RunbookMode.StateChanging);
        switch (channelNode?.Value)
        {
            case null: break;
            case "any": channel = ChannelRequirement.Any; break;
            case "incident": channel = ChannelRequirement.Incident; break;
            case "incident-or-change-window": channel = ChannelRequirement.IncidentOrChangeWindow; break;
            default:
                file.Error(channelNode, $"unknown channel requirement '{channelNode.Value}' in {r.What}; expected any, incident or incident-or-change-window");
                ok = false;
                break;
        }

        if (mode == RunbookMode.StateChanging && channel == ChannelRequirement.Any)
        {
            file.Error((YamlNode?)channelNode ?? mapping, $"state-changing {r.What} must be incident-bound: set channel to incident or incident-or-change-window");
            ok = false;
        }

        var blastRadius = r.String("blast_radius", required: true);
        var rollback = r.String("rollback", required: true);
        ok &= blastRadius is not null && rollback is not null;

        var timeout = r.Integer("timeout_seconds", required: true);
        if (timeout is <= 0)
        {
            file.Error(r.Scalar("timeout_seconds", false)!, $"timeout_seconds of {r.What} must be positive");
            ok = false;
        }

        ok &= timeout is not null;

        var output = "text";
        var outputNode = r.Scalar("output", required: false);
        if (outputNode?.Value is { } o)
        {
            if (OutputFormats.Contains(o, StringComparer.Ordinal))
            {
                output = o;
            }
            else
            {
                file.Error(outputNode, $"unknown output format '{o}' in {r.What}; expected text, json or table");
                ok = false;
            }
        }

        if (!ok)
        {
            return (name, null);
        }

        var runbook = new Runbook(
            name!, description!, mode, platforms, groups, inputs, commands, approval, channel,
            blastRadius!, rollback!, TimeSpan.FromSeconds(timeout!.Value), output, Version: string.Empty);
        return (name, runbook with { Version = RunbookVersion.Compute(runbook) });
    }

    private static (List<Platform> Platforms, List<string> Groups, bool Ok) ParseTarget(SourceFile file, MappingReader r, LoadContext context)
    {
        var platforms = new List<Platform>();
        var groups = new List<string>();
        var targetNode = r.Mapping("target", required: true);
        if (targetNode is null)
        {
            return (platforms, groups, false);
        }

        var ok = true;
        var t = new MappingReader(file, targetNode, $"target of {r.What}", "platforms", "groups");
        t.ReportUnknownKeys();
        var platformNodes = t.StringList("platforms", required: true);
        ok &= platformNodes is { Count: > 0 };
        foreach (var p in platformNodes ?? [])
        {
            if (!PlatformNames.TryParse(p.Value, out var platform))
            {
                file.Error(p, $"unknown platform '{p.Value}' in target of {r.What}; expected fortios, cisco_ios, cisco_nxos or linux");
                ok = false;
            }
            else if (platforms.Contains(platform))
            {
                file.Error(p, $"platform '{p.Value}' is listed twice in target of {r.What}");
            }
            else
            {
                platforms.Add(platform);
            }
        }

        var what = r.What;
        foreach (var g in t.StringList("groups", required: false) ?? [])
        {
            var group = g.Value!;
            groups.Add(group);
            context.Defer(() =>
            {
                if (context.DevicesRead && !context.DeviceGroups.Contains(group))
                {
                    file.Error(g, $"target of {what} names unknown device group '{group}'; no device in devices.yaml is in it");
                }
            });
        }

        return (platforms, groups, ok);
    }

    private static (List<RunbookInput> Inputs, bool Ok) ParseInputs(SourceFile file, MappingReader r)
    {
        var inputs = new List<RunbookInput>();
        var ok = true;
        var sequence = r.Sequence("inputs", required: false);
        foreach (var item in sequence?.Children ?? [])
        {
            if (item is not YamlMappingNode mapping)
            {
                file.Error(item, $"each input of {r.What} must be a mapping with name and type");
                ok = false;
                continue;
            }

            var input = ParseInput(file, mapping, r.What);
            if (input is null)
            {
                ok = false;
                continue;
            }

            if (inputs.Any(i => string.Equals(i.Name, input.Name, StringComparison.OrdinalIgnoreCase)))
            {
                file.Error(mapping, $"duplicate input '{input.Name}' in {r.What}");
                ok = false;
                continue;
            }

            inputs.Add(input);
        }

        if (!inputs.Any(i => i.Type is InputType.Device or InputType.DeviceGroup) && ok)
        {
            file.Error((YamlNode?)sequence ?? r.Node, $"{r.What} declares no input of type device (or device_group); declare one so a request names its target");
            ok = false;
        }

        return (inputs, ok);
    }

    private static RunbookInput? ParseInput(SourceFile file, YamlMappingNode mapping, string runbook)
    {
        var r = new MappingReader(file, mapping, $"input of {runbook}", InputKeys);
        var name = r.String("name", required: true);
        if (name is not null)
        {
            r.What = $"input '{name}' of {runbook}";
            if (!Names.InputName().IsMatch(name))
            {
                file.Error(r.Scalar("name", false)!, $"input name '{InputValidator.Printable(name)}' must be letters, digits and '_', starting with a letter or '_'");
                name = null;
            }
        }

        r.ReportUnknownKeys();
        var ok = name is not null;
        InputType type = default;
        var typeNode = r.Scalar("type", required: true);
        if (typeNode is null)
        {
            ok = false;
        }
        else if (!TryParseInputType(typeNode.Value, out type))
        {
            file.Error(typeNode, $"unknown input type '{typeNode.Value}' in {r.What}; expected device, device_group, interface, enum, integer, ipv4 or token");
            return null;
        }

        var required = r.Bool("required", required: false) ?? false;
        var maxLength = 64L;
        if (r.Integer("max_length", required: false) is { } ml)
        {
            if (ml is < 1 or > 256)
            {
                file.Error(r.Scalar("max_length", false)!, $"max_length of {r.What} must be within 1..256");
                ok = false;
            }

            maxLength = ml;
        }

        var patternNode = r.Scalar("pattern", required: false);
        string? pattern = null;
        if (patternNode?.Value is { } p)
        {
            if (typeNode is not null && type is not (InputType.Interface or InputType.Token))
            {
                file.Error(patternNode, $"pattern applies only to interface and token inputs, not to {typeNode.Value} ({r.What})");
                ok = false;
            }
            else if (CheckPattern(p) is { } problem)
            {
                file.Error(patternNode, $"pattern of {r.What} {problem}");
                ok = false;
            }
            else
            {
                pattern = p;
            }
        }

        var values = new List<string>();
        var valuesNodes = r.StringList("values", required: false, allowEmpty: true);
        if (typeNode is not null && type == InputType.Enum)
        {
            if (valuesNodes is null || valuesNodes.Count == 0)
            {
                file.Error((YamlNode?)r.Sequence("values", false) ?? mapping, $"enum {r.What} must list its values");
                ok = false;
            }
        }
        else if (valuesNodes is not null)
        {
            file.Error(r.Sequence("values", false)!, $"values apply only to enum inputs ({r.What})");
            ok = false;
        }

        foreach (var v in valuesNodes ?? [])
        {
            if (!Names.SafeValue().IsMatch(v.Value!) || v.Value!.Length > maxLength)
            {
                file.Error(v, $"enum value '{InputValidator.Printable(v.Value!)}' of {r.What} can never be entered: values may use only {InputValidator.SafeCharacters} and at most max_length characters");
                ok = false;
            }
            else if (values.Contains(v.Value, StringComparer.OrdinalIgnoreCase))
            {
                file.Error(v, $"enum value '{v.Value}' is listed twice in {r.What}");
                ok = false;
            }
            else
            {
                values.Add(v.Value);
            }
        }

        var min = r.Integer("min", required: false);
        var max = r.Integer("max", required: false);
        if ((min is not null || max is not null) && typeNode is not null && type != InputType.Integer)
        {
            file.Error(mapping, $"min and max apply only to integer inputs ({r.What})");
            ok = false;
        }

        if (min is { } lo && max is { } hi && lo > hi)
        {
            file.Error(r.Scalar("min", false)!, $"min {lo} is greater than max {hi} in {r.What}");
            ok = false;
        }

        var defaultValue = r.String("default", required: false);
        if (!ok || name is null)
        {
            return null;
        }

        var input = new RunbookInput(name, type, required)
        {
            Description = r.String("description", required: false),
            Pattern = pattern,
            Values = values,
            Min = min,
            Max = max,
            MaxLength = (int)maxLength,
            Default = defaultValue,
        };

        if (defaultValue is not null && DefaultProblem(input, defaultValue) is { } defaultProblem)
        {
            file.Error(r.Scalar("default", false)!, $"default '{InputValidator.Printable(defaultValue)}' of {r.What} {defaultProblem}");
            return null;
        }

        return input;
    }

    private static (Dictionary<Platform, IReadOnlyList<string>> Commands, bool Ok) ParseCommands(
        SourceFile file, MappingReader r, List<Platform> platforms, List<RunbookInput> inputs)
    {
        var commands = new Dictionary<Platform, IReadOnlyList<string>>();
        var node = r.Mapping("commands", required: true);
        if (node is null)
        {
            return (commands, false);
        }

        var ok = true;
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (!PlatformNames.TryParse(key, out var platform))
            {
                file.Error(keyNode, $"unknown platform '{key}' under commands of {r.What}; expected fortios, cisco_ios, cisco_nxos or linux");
                ok = false;
                continue;
            }

            if (platforms.Count > 0 && !platforms.Contains(platform))
            {
                file.Error(keyNode, $"commands of {r.What} for {key}, which is not in its target platforms");
                ok = false;
            }

            if (valueNode is not YamlSequenceNode list || list.Children.Count == 0)
            {
                file.Error(valueNode, $"commands of {r.What} for {key} must be a non-empty list of command templates");
                ok = false;
                continue;
            }

            var templates = new List<string>();
            foreach (var t in list.Children)
            {
                if (t is not YamlScalarNode { Value: { } template } || string.IsNullOrWhiteSpace(template))
                {
                    file.Error(t, $"each command of {r.What} must be a non-empty line of text");
                    ok = false;
                    continue;
                }

                ok &= CheckTemplate(file, t, template, inputs, r.What);
                templates.Add(template);
            }

            commands[platform] = templates;
        }

        foreach (var platform in platforms.Where(p => !commands.ContainsKey(p)))
        {
            file.Error(node, $"{r.What} has no commands for {platform.ToName()}, which is in its target platforms");
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

        if (template.Any(c => char.IsControl(c)))
        {
            file.Error(node, $"command '{InputValidator.Printable(template)}' of {runbook} contains a control character; write one command per list item");
            ok = false;
        }

        return ok;
    }

    private static (ApprovalRule Rule, bool Ok) ParseApproval(SourceFile file, MappingReader r, LoadContext context, RunbookMode mode, bool modeKnown)
    {
        var node = r.Mapping("approval", required: false);
        var stateChanging = modeKnown && mode == RunbookMode.StateChanging;
        if (node is null)
        {
            if (stateChanging)
            {
                file.Error(r.Node, $"state-changing {r.What} needs an approval rule with required: true");
                return (ApprovalRule.None, false);
            }

            return (ApprovalRule.None, true);
        }

        var ok = true;
        var a = new MappingReader(file, node, $"approval of {r.What}", "required", "approver_roles", "expiry_minutes");
        a.ReportUnknownKeys();
        var required = a.Bool("required", required: true);
        if (stateChanging && required != true && required is not null)
        {
            file.Error(a.Scalar("required", false)!, $"state-changing {r.What} must require approval (approval.required: true)");
            ok = false;
        }

        ok &= required is not null;
        var roles = new List<string>();
        foreach (var role in a.StringList("approver_roles", required: false) ?? [])
        {
            var name = role.Value!;
            roles.Add(name);
            context.Defer(() =>
            {
                if (context.PolicyRead && !context.RoleNames.Contains(name))
                {
                    file.Error(role, $"approval of {r.What} names unknown role '{name}'; declare it under roles in policy.yaml");
                }
            });
        }

        TimeSpan? expiry = null;
        if (a.Integer("expiry_minutes", required: false) is { } minutes)
        {
            if (minutes <= 0)
            {
                file.Error(a.Scalar("expiry_minutes", false)!, $"expiry_minutes of {r.What} must be positive");
                ok = false;
            }
            else
            {
                expiry = TimeSpan.FromMinutes(minutes);
            }
        }

        return (new ApprovalRule(required ?? false, roles, expiry), ok);
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

    private static string? DefaultProblem(RunbookInput input, string value)
    {
        if (!Names.SafeValue().IsMatch(value) || value.Length > input.MaxLength)
        {
            return $"may use only {InputValidator.SafeCharacters} and at most max_length characters";
        }

        switch (input.Type)
        {
            case InputType.Enum when !input.Values.Contains(value, StringComparer.OrdinalIgnoreCase):
                return "is not one of its values";
            case InputType.Integer:
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    return "is not a whole number";
                }

                return (input.Min is { } min && n < min) || (input.Max is { } max && n > max) ? "is outside min..max" : null;
            case InputType.Ipv4 when !IPAddress.TryParse(value, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork:
                return "is not an IPv4 address";
            case InputType.Interface or InputType.Token:
                var pattern = input.Pattern ?? (input.Type == InputType.Interface ? InputValidator.DefaultInterfacePattern : InputValidator.DefaultTokenPattern);
                return Regex.IsMatch(value, "^(?:" + pattern + ")\\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
                    ? null
                    : "does not match its pattern";
            default:
                return null;
        }
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
