namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Checks;
using ChatNetOps.Core.Parsing;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads what links a runbook to others once every runbook is built — <c>pre_check:</c>, <c>post_check:</c>,
/// <c>compare:</c>, <c>rollback_runbook:</c> and <c>next:</c> — and checks what only the pair can tell: the linked runbook
/// exists, has the right mode and covers the platforms, the input mapping fills its required inputs from declared ones,
/// and every compare or next condition parses against the linked parser's fields (plus the inputs as <c>input_x</c>).
/// Also flags a state-changing runbook whose free-text rollback tells people to type CLI.
/// </summary>
internal static partial class RunbookLinker
{
    public static List<Runbook> Link(SourceFile file, List<(Runbook Runbook, MappingReader Node)> built)
    {
        var byName = built.ToDictionary(b => b.Runbook.Name, b => b.Runbook, StringComparer.OrdinalIgnoreCase);
        var linked = new List<Runbook>(built.Count);
        foreach (var (runbook, r) in built)
        {
            var what = $"runbook '{runbook.Name}'";
            if (runbook.IsStateChanging && CliInRollback(runbook.Rollback) is { } cli)
            {
                file.Error(r.Scalar("rollback")!, $"rollback of {what} tells people to type CLI ('{cli}'); chat never reaches a CLI: declare rollback_runbook: with a runbook that undoes it and describe it in words");
            }

            var ok = true;
            var pre = Check(file, r.Mapping("pre_check"), "pre_check", runbook, byName, ref ok);
            var post = Check(file, r.Mapping("post_check"), "post_check", runbook, byName, ref ok);
            var compare = new List<CompareRule>();
            foreach (var node in r.Sequence("compare")?.Children.OfType<YamlMappingNode>() ?? [])
            {
                if (Compare(file, new MappingReader(node), runbook, pre, post, byName) is { } rule)
                {
                    compare.Add(rule);
                }
                else
                {
                    ok = false;
                }
            }

            RunbookLink? rollback = null;
            if (r.Mapping("rollback_runbook") is { } rollbackNode)
            {
                rollback = Link(file, rollbackNode, $"rollback_runbook of {what}", runbook, byName, null, out var target);
                if (!runbook.IsStateChanging)
                {
                    file.Error(rollbackNode, $"{what} is read-only; only a state-changing runbook has a rollback_runbook");
                    rollback = null;
                }
                else if (target is { IsStateChanging: false })
                {
                    file.Error(rollbackNode, $"rollback_runbook of {what} names read-only runbook '{target.Name}'; a rollback changes state back");
                    rollback = null;
                }

                ok &= rollback is not null;
            }

            var next = new List<NextStep>();
            foreach (var node in r.Sequence("next")?.Children.OfType<YamlMappingNode>() ?? [])
            {
                if (Next(file, new MappingReader(node), runbook, byName) is { } step)
                {
                    next.Add(step);
                }
                else
                {
                    ok = false;
                }
            }

            if (ok)
            {
                linked.Add(runbook with { PreCheck = pre, PostCheck = post, Compare = compare, RollbackRunbook = rollback, Next = next });
            }
        }

        return linked;
    }

    /// <summary>The CLI a free-text rollback tells people to type (backticks or well-known config commands); null when it has none.</summary>
    internal static string? CliInRollback(string text)
    {
        var quoted = Backticks().Match(text);
        if (quoted.Success)
        {
            return quoted.Groups[1].Value;
        }

        var command = CliWords().Match(text);
        return command.Success ? command.Value : null;
    }

    private static CheckStep? Check(SourceFile file, YamlMappingNode? node, string key, Runbook runbook, Dictionary<string, Runbook> byName, ref bool ok)
    {
        if (node is null)
        {
            return null;
        }

        var what = $"{key} of runbook '{runbook.Name}'";
        var r = new MappingReader(node);
        var link = Link(file, node, what, runbook, byName, null, out var target);
        if (link is null)
        {
            ok = false;
            return null;
        }

        if (!runbook.IsStateChanging)
        {
            file.Error(node, $"runbook '{runbook.Name}' is read-only; only a state-changing runbook has a {key}");
            ok = false;
            return null;
        }

        if (target!.IsStateChanging || target.Parser is null)
        {
            file.Error(node, $"{what} names '{target.Name}', which {(target.IsStateChanging ? "changes state" : "has no parse: block")}; a check is a read-only runbook with a parser");
            ok = false;
            return null;
        }

        var within = TimeSpan.FromSeconds(r.Integer("within_seconds") ?? 0);
        var every = TimeSpan.FromSeconds(r.Integer("every_seconds") ?? 10);
        if (within > CheckStep.MaxWithin || every <= TimeSpan.Zero || (within > TimeSpan.Zero && every > within))
        {
            file.Error(node, $"{what} retries every {every.TotalSeconds} s within {within.TotalSeconds} s; within_seconds is at most {CheckStep.MaxWithin.TotalSeconds} and every_seconds between 1 and within_seconds");
            ok = false;
            return null;
        }

        if (key == "pre_check" && within > TimeSpan.Zero)
        {
            file.Error(node, $"{what} has within_seconds; only a post-check waits for the device to settle");
            ok = false;
            return null;
        }

        return new CheckStep(link, r.Bool("advisory") ?? false, within, every);
    }

    /// <summary>The mapping <c>{runbook, inputs}</c>: the runbook exists and covers our platforms; each value fills one of its inputs.</summary>
    private static RunbookLink? Link(SourceFile file, YamlMappingNode node, string what, Runbook runbook, Dictionary<string, Runbook> byName, OutputParser? rowSource, out Runbook? target)
    {
        var r = new MappingReader(node);
        var name = r.String("runbook")!;
        if (!byName.TryGetValue(name, out var linked))
        {
            target = null;
            file.Error(r.Scalar("runbook") ?? (YamlNode)node, $"{what} names unknown runbook '{name}' (or one with errors)");
            return null;
        }

        target = linked;
        var missingPlatforms = runbook.Platforms.Where(p => !linked.Platforms.Contains(p)).ToArray();
        if (missingPlatforms.Length > 0)
        {
            file.Error(node, $"{what} names '{linked.Name}', which does not target {string.Join(", ", missingPlatforms.Select(p => p.ToName()))}");
            target = null;
            return null;
        }

        var ok = true;
        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in r.Mapping("inputs")?.Children.ToArray() ?? [])
        {
            var inputName = ((YamlScalarNode)keyNode).Value!;
            var template = ((YamlScalarNode)valueNode).Value ?? string.Empty;
            if (linked.FindInput(inputName) is null)
            {
                file.Error(keyNode, $"{what} fills '{inputName}', which is not an input of '{linked.Name}'");
                ok = false;
            }

            foreach (var placeholder in RunbookLink.Placeholders(template))
            {
                var known = placeholder.StartsWith("row.", StringComparison.Ordinal)
                    ? rowSource is not null && rowSource.FieldTypes.ContainsKey(placeholder[4..])
                    : runbook.FindInput(placeholder) is not null;
                if (!known)
                {
                    file.Error(valueNode, $"{what} fills '{inputName}' from '{{{placeholder}}}', which is not {(placeholder.StartsWith("row.", StringComparison.Ordinal) ? "a field of this runbook's parser" : "an input of this runbook")}");
                    ok = false;
                }
            }

            inputs[inputName] = template;
        }

        foreach (var required in linked.Inputs.Where(i => i.Required && i.Default is null && !inputs.ContainsKey(i.Name)))
        {
            file.Error(node, $"{what} does not fill required input '{required.Name}' of '{linked.Name}'");
            ok = false;
        }

        return ok ? new RunbookLink(linked.Name, inputs) : null;
    }

    private static CompareRule? Compare(SourceFile file, MappingReader r, Runbook runbook, CheckStep? pre, CheckStep? post, Dictionary<string, Runbook> byName)
    {
        var name = r.String("name")!;
        var what = $"compare rule '{name}' of runbook '{runbook.Name}'";
        var on = r.String("on") == "before" ? CheckPhase.Before : CheckPhase.After;
        var step = on == CheckPhase.Before ? pre : post;
        if (step is null || !byName.TryGetValue(step.Link.Runbook, out var check) || check.Parser is null)
        {
            file.Error(r.Node, $"{what} is on the {(on == CheckPhase.Before ? "pre" : "post")}-check rows, but the runbook declares no usable {(on == CheckPhase.Before ? "pre_check" : "post_check")}");
            return null;
        }

        var fields = Fields(check.Parser, runbook);
        var where = Expression(file, r, "where", what, fields, out var whereOk);
        var expect = r.String("expect");
        CompareRule? rule = null;
        if (r.Mapping("max_increase") is { } increase)
        {
            var m = new MappingReader(increase);
            var field = m.String("field")!;
            if (!check.Parser.FieldTypes.TryGetValue(field, out var type) || type is not (FieldType.Int or FieldType.Duration))
            {
                file.Error(increase, $"max_increase of {what} names '{field}', which is not an int or duration field of '{check.Name}'");
                return null;
            }

            if (on != CheckPhase.After || pre is null || !string.Equals(pre.Link.Runbook, post?.Link.Runbook, StringComparison.OrdinalIgnoreCase))
            {
                file.Error(increase, $"max_increase of {what} compares the post-check with the pre-check: it needs on: after and pre_check and post_check running the same runbook");
                return null;
            }

            rule = new CompareRule(name, on, where, CompareExpectation.MaxIncrease) { Field = field, Tolerance = m.Integer("by") ?? 0 };
        }
        else if (expect is "exists" or "absent")
        {
            rule = new CompareRule(name, on, where, expect == "exists" ? CompareExpectation.Exists : CompareExpectation.Absent);
        }
        else if (expect is not null)
        {
            var condition = Expression(file, r, "expect", what, fields, out var conditionOk);
            rule = conditionOk ? new CompareRule(name, on, where, CompareExpectation.Condition) { Condition = condition } : null;
        }
        else
        {
            file.Error(r.Node, $"{what} needs expect: (exists, absent or a condition) or max_increase:");
        }

        return whereOk ? rule : null;
    }

    private static NextStep? Next(SourceFile file, MappingReader r, Runbook runbook, Dictionary<string, Runbook> byName)
    {
        var what = $"next step '{r.String("runbook")}' of runbook '{runbook.Name}'";
        var link = Link(file, r.Node, what, runbook, byName, runbook.Parser, out var target);
        if (link is null)
        {
            return null;
        }

        if (target!.IsStateChanging)
        {
            file.Error(r.Node, $"{what} changes state; a next step is read-only (a rollback is offered by rollback_runbook:)");
            return null;
        }

        VerdictExpression? when = null;
        if (r.Scalar("when") is not null)
        {
            if (runbook.Parser is null)
            {
                file.Error(r.Scalar("when")!, $"{what} has a row condition, but runbook '{runbook.Name}' has no parse: block");
                return null;
            }

            when = Expression(file, r, "when", what, Fields(runbook.Parser, runbook), out var whenOk);
            if (!whenOk)
            {
                return null;
            }
        }

        var verdicts = new List<Verdict>();
        foreach (var v in r.StringList("when_verdict"))
        {
            verdicts.Add(v.Value switch { "ok" => Verdict.Ok, "warning" => Verdict.Warning, _ => Verdict.Problem });
        }

        if (when is null && verdicts.Count == 0)
        {
            file.Error(r.Node, $"{what} needs when: (a row condition) or when_verdict: (ok, warning, problem)");
            return null;
        }

        if (when is null && link.Inputs.Values.SelectMany(RunbookLink.Placeholders).Any(p => p.StartsWith("row.", StringComparison.Ordinal)))
        {
            file.Error(r.Node, $"{what} fills an input from {{row.…}} but has no when: row condition to choose the row");
            return null;
        }

        return new NextStep(link, r.String("label"), when, verdicts);
    }

    private static Dictionary<string, FieldType> Fields(OutputParser parser, Runbook runbook)
    {
        var fields = new Dictionary<string, FieldType>(parser.FieldTypes, StringComparer.Ordinal);
        foreach (var input in runbook.Inputs)
        {
            fields[CompareEvaluator.InputPrefix + input.Name.ToLowerInvariant()] = input.Type switch
            {
                InputType.Ipv4 => FieldType.Ipv4,
                InputType.Integer => FieldType.Int,
                InputType.Interface => FieldType.Interface,
                _ => FieldType.Text,
            };
        }

        return fields;
    }

    private static VerdictExpression? Expression(SourceFile file, MappingReader r, string key, string what, Dictionary<string, FieldType> fields, out bool ok)
    {
        ok = true;
        if (r.Scalar(key) is not { Value: { } text } node)
        {
            return null;
        }

        try
        {
            return VerdictExpression.Parse(text, fields);
        }
        catch (ExpressionException e)
        {
            file.Error(node, string.Create(CultureInfo.InvariantCulture, $"{key} of {what} {e.Message}"));
            ok = false;
            return null;
        }
    }

    [GeneratedRegex("`([^`]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex Backticks();

    [GeneratedRegex(@"\b(?:no shut(?:down)?|conf(?:igure)? t(?:erminal)?|write mem(?:ory)?|copy run(?:ning-config)?|show run(?:ning-config)?|clear ip \w+|ip ospf \w+|router ospf \d+|interface (?:Gi|Te|Fa|Eth|port)\S*\d)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CliWords();
}
