namespace ChatNetOps.Core.Inventory.Loading;

using System.Text.RegularExpressions;
using ChatNetOps.Core.Parsing;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Builds a runbook's <c>parse:</c> block after the schema checked its shape, and checks what the schema cannot: the
/// key and shown columns are declared fields, every rule's regular expression compiles (without backtracking) and
/// names only declared fields, states are reachable, every target platform has rules, and the verdict rules and
/// summary lines parse and name known fields. Each problem is a lint error at its line.
/// </summary>
internal static class OutputParserBuilder
{
    /// <summary>The time one rule may spend on one line before the output counts as not recognised.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public static OutputParser? Build(SourceFile file, YamlMappingNode node, string runbook, IReadOnlyList<Platform> targets)
    {
        var what = $"parse of {runbook}";
        var r = new MappingReader(node);
        var ok = true;
        var fields = new List<KeyValuePair<string, FieldType>>();
        foreach (var (keyNode, valueNode) in r.Mapping("fields")!.Children)
        {
            var type = ((YamlScalarNode)valueNode).Value switch
            {
                "int" => FieldType.Int,
                "ipv4" => FieldType.Ipv4,
                "interface" => FieldType.Interface,
                "duration" => FieldType.Duration,
                "state" => FieldType.State,
                _ => FieldType.Text,
            };
            fields.Add(new(((YamlScalarNode)keyNode).Value!, type));
        }

        var names = fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var keyNode in r.Mapping("fields")!.Children.Keys.OfType<YamlScalarNode>().Where(k => SummaryTemplate.Counts.Contains(k.Value)))
        {
            file.Error(keyNode, $"field name '{keyNode.Value}' in {what} is reserved: {{{keyNode.Value}}} in a summary is a row count; rename the field");
            ok = false;
        }

        var key = r.String("key")!;
        if (!names.Contains(key))
        {
            file.Error(r.Scalar("key")!, $"key '{key}' of {what} is not one of its fields ({string.Join(", ", names)})");
            ok = false;
        }

        var show = new List<string>();
        foreach (var column in r.StringList("show"))
        {
            if (!names.Contains(column.Value!))
            {
                file.Error(column, $"show of {what} names '{column.Value}', which is not one of its fields");
                ok = false;
            }

            show.Add(column.Value!);
        }

        if (show.Count == 0)
        {
            show.AddRange(fields.Select(f => f.Key).Take(3));
        }

        var platforms = new Dictionary<Platform, PlatformParser>();
        foreach (var (keyNode, valueNode) in r.Mapping("platforms")!.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value!;
            var platform = PlatformNames.ParsePlatform(name);
            if (!targets.Contains(platform))
            {
                file.Error(keyNode, $"{what} has rules for {name}, which is not in its target platforms");
                ok = false;
                continue;
            }

            var rules = BuildRules(file, new MappingReader((YamlMappingNode)valueNode), $"the {name} parser of {runbook}", names);
            if (rules is null)
            {
                ok = false;
                continue;
            }

            platforms[platform] = new PlatformParser(rules, new MappingReader((YamlMappingNode)valueNode).Bool("blank_means_empty") ?? false);
        }

        foreach (var missing in targets.Where(t => !platforms.ContainsKey(t) && !HasKey(r.Mapping("platforms")!, t.ToName())))
        {
            file.Error(r.Mapping("platforms")!, $"{what} has no rules for {missing.ToName()}, which is in its target platforms; its output would go unparsed");
            ok = false;
        }

        var types = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var failWhen = Expression(file, r, "fail_when", what, types, ref ok);
        var okWhen = Expression(file, r, "ok_when", what, types, ref ok);
        var warnWhen = Expression(file, r, "warn_when", what, types, ref ok);
        var summary = Template(file, r, "summary", what, [.. SummaryTemplate.Counts, .. names], ref ok);
        var rowLabel = Template(file, r, "row_label", what, names, ref ok);
        var empty = r.Mapping("when_empty") is { } e ? new MappingReader(e) : null;
        var emptyVerdict = empty?.String("verdict") switch
        {
            "ok" => Verdict.Ok,
            "problem" => Verdict.Problem,
            _ => Verdict.Warning,
        };

        return ok
            ? new OutputParser(fields, key, show, platforms)
            {
                FailWhen = failWhen,
                OkWhen = okWhen,
                WarnWhen = warnWhen,
                Summary = summary,
                RowLabel = rowLabel,
                EmptyVerdict = emptyVerdict,
                EmptySummary = empty?.String("summary") ?? "nothing listed",
            }
            : null;
    }

    private static bool HasKey(YamlMappingNode node, string key) =>
        node.Children.Keys.OfType<YamlScalarNode>().Any(k => string.Equals(k.Value, key, StringComparison.Ordinal));

    private static List<LineRule>? BuildRules(SourceFile file, MappingReader r, string what, HashSet<string> fields)
    {
        var ok = true;
        var rules = new List<LineRule>();
        var targets = new List<(YamlScalarNode Node, string State)>();
        foreach (var ruleNode in r.Sequence("rules")!.Children.OfType<YamlMappingNode>())
        {
            var rule = new MappingReader(ruleNode);
            var pattern = rule.Scalar("match")!;
            Regex regex;
            try
            {
                regex = new Regex(pattern.Value!, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                file.Error(pattern, $"match of a rule of {what} is not a usable regular expression (rules run without backtracking: no lookarounds or backreferences): {ex.Message}");
                ok = false;
                continue;
            }

            var action = rule.String("action") switch
            {
                "record" => RuleAction.Record,
                "fill" => RuleAction.Fill,
                "header" => RuleAction.Header,
                _ => RuleAction.Ignore,
            };
            var groups = regex.GetGroupNames().Where(g => !int.TryParse(g, out _)).ToList();
            foreach (var group in groups.Where(g => !fields.Contains(g)))
            {
                file.Error(pattern, $"match of a rule of {what} captures '{group}', which is not a declared field");
                ok = false;
            }

            if (action is RuleAction.Record or RuleAction.Fill && groups.Count == 0)
            {
                file.Error(pattern, $"a {rule.String("action")} rule of {what} captures no field; name its groups, e.g. (?<state>\\S+)");
                ok = false;
            }

            var state = rule.String("state") ?? "start";
            var next = rule.String("next");
            if (next is not null)
            {
                targets.Add((rule.Scalar("next")!, next));
            }

            rules.Add(new LineRule(regex, action, state, next));
        }

        var states = rules.Select(x => x.State).ToHashSet(StringComparer.Ordinal);
        if (ok && !states.Contains("start"))
        {
            file.Error(r.Node, $"{what} has no rule in state start, where reading begins");
            ok = false;
        }

        foreach (var (node, state) in targets.Where(t => !states.Contains(t.State)))
        {
            file.Error(node, $"next of a rule of {what} is state '{state}', which has no rule; the rest of the output would be unread");
            ok = false;
        }

        return ok ? rules : null;
    }

    private static VerdictExpression? Expression(SourceFile file, MappingReader r, string key, string what, Dictionary<string, FieldType> fields, ref bool ok)
    {
        if (r.Scalar(key) is not { Value: { } text } node)
        {
            return null;
        }

        try
        {
            return VerdictExpression.Parse(text, fields);
        }
        catch (ExpressionException ex)
        {
            file.Error(node, $"{key} of {what} {ex.Message}: {text}");
            ok = false;
            return null;
        }
    }

    private static SummaryTemplate? Template(SourceFile file, MappingReader r, string key, string what, IEnumerable<string> known, ref bool ok)
    {
        if (r.Scalar(key) is not { Value: { } text } node)
        {
            return null;
        }

        try
        {
            return SummaryTemplate.Parse(text, known);
        }
        catch (ExpressionException ex)
        {
            file.Error(node, $"{key} of {what} {ex.Message}");
            ok = false;
            return null;
        }
    }
}
