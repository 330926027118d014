namespace ChatNetOps.Core.Checks;

using System.Globalization;
using ChatNetOps.Core.Parsing;

/// <summary>
/// Judges a check's parsed output by the change runbook's <c>compare:</c> rules for that phase. Without rules the check
/// runbook's own verdict decides (a problem fails it). An output the parser did not recognise always fails: a check
/// never passes on something nobody could read.
/// </summary>
public static class CompareEvaluator
{
    /// <summary>The prefix under which the change's inputs are visible to compare expressions.</summary>
    public const string InputPrefix = "input_";

    private const int NamedRows = 3;

    public static (bool Passed, string Summary, IReadOnlyList<CheckFinding> Findings, IReadOnlyList<ParsedRow> Rows) Evaluate(
        IEnumerable<CompareRule> rules, CheckPhase phase, ParsedOutput parsed, IReadOnlyDictionary<string, string> inputs, IReadOnlyList<ParsedRow>? before)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!parsed.Recognised)
        {
            return (false, ParsedOutput.NotRecognisedSummary, [new CheckFinding("output recognised", false, parsed.Reason ?? ParsedOutput.NotRecognisedSummary)], []);
        }

        var mine = rules.Where(r => r.On == phase).ToArray();
        if (mine.Length == 0)
        {
            var ok = parsed.Verdict != Verdict.Problem;
            return (ok, parsed.Summary, [new CheckFinding("check verdict", ok, parsed.Summary)], [.. parsed.Rows.Take(CheckResult.MaxRows)]);
        }

        var findings = new List<CheckFinding>();
        var kept = new List<ParsedRow>();
        foreach (var rule in mine)
        {
            var selected = parsed.Rows.Where(r => rule.Where is null || rule.Where.Evaluate(With(r.Values, inputs))).ToArray();
            kept.AddRange(selected.Where(r => !kept.Contains(r)));
            findings.Add(rule.Expect switch
            {
                CompareExpectation.Exists => selected.Length > 0
                    ? new CheckFinding(rule.Name, true, Rows(parsed, selected))
                    : new CheckFinding(rule.Name, false, $"no row where {rule.Where}"),
                CompareExpectation.Absent => selected.Length == 0
                    ? new CheckFinding(rule.Name, true, $"no row where {rule.Where}")
                    : new CheckFinding(rule.Name, false, Rows(parsed, selected)),
                CompareExpectation.Condition => ConditionFinding(rule, parsed, selected, inputs),
                CompareExpectation.MaxIncrease => IncreaseFinding(rule, parsed, selected, before),
                _ => throw new InvalidOperationException($"Unhandled expectation {rule.Expect}; add it to {nameof(CompareEvaluator)}."),
            });
        }

        var failed = findings.Where(f => !f.Passed).ToArray();
        var summary = failed.Length == 0
            ? $"{findings.Count}/{findings.Count} checks held"
            : $"{findings.Count - failed.Length}/{findings.Count} checks held — " + string.Join("; ", failed.Take(NamedRows).Select(f => $"{f.Rule}: {f.Detail}"));
        // When the rules selected nothing (the neighbour is not there), what the device did list is the evidence.
        return (failed.Length == 0, summary, findings, [.. (kept.Count > 0 ? kept : parsed.Rows).Take(CheckResult.MaxRows)]);
    }

    /// <summary>A row's values plus the change's inputs as <c>input_&lt;name&gt;</c> fields.</summary>
    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> row, IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(inputs);
        var merged = new Dictionary<string, string>(row, StringComparer.Ordinal);
        foreach (var (name, value) in inputs)
        {
            merged[InputPrefix + name.ToLowerInvariant()] = value;
        }

        return merged;
    }

    /// <summary>A row as a card names it: its shown fields in order.</summary>
    public static string Label(IReadOnlyList<string> show, string key, ParsedRow row)
    {
        ArgumentNullException.ThrowIfNull(show);
        ArgumentNullException.ThrowIfNull(row);
        var fields = show.Count > 0 ? show : [key];
        return string.Join(" ", fields.Select(f => row.Values.TryGetValue(f, out var v) ? v : string.Empty).Where(v => v.Length > 0));
    }

    private static CheckFinding ConditionFinding(CompareRule rule, ParsedOutput parsed, ParsedRow[] selected, IReadOnlyDictionary<string, string> inputs)
    {
        if (selected.Length == 0)
        {
            return new CheckFinding(rule.Name, false, $"no row where {rule.Where}");
        }

        var failing = selected.Where(r => !rule.Condition!.Evaluate(With(r.Values, inputs))).ToArray();
        return failing.Length == 0
            ? new CheckFinding(rule.Name, true, Rows(parsed, selected))
            : new CheckFinding(rule.Name, false, $"{Rows(parsed, failing)} (wanted {rule.Condition})");
    }

    private static CheckFinding IncreaseFinding(CompareRule rule, ParsedOutput parsed, ParsedRow[] selected, IReadOnlyList<ParsedRow>? before)
    {
        if (before is null)
        {
            return new CheckFinding(rule.Name, false, "no pre-check rows to compare with");
        }

        var grown = new List<string>();
        var compared = 0;
        foreach (var row in selected)
        {
            if (!row.Values.TryGetValue(parsed.Key, out var key)
                || before.FirstOrDefault(b => b.Values.TryGetValue(parsed.Key, out var k) && string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) is not { } earlier
                || !TryNumber(row, rule.Field!, out var now)
                || !TryNumber(earlier, rule.Field!, out var then))
            {
                continue;
            }

            compared++;
            if (now - then > rule.Tolerance)
            {
                grown.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {rule.Field} {then} → {now} (+{now - then}, at most +{rule.Tolerance})"));
            }
        }

        if (compared == 0)
        {
            return new CheckFinding(rule.Name, false, $"no row with {rule.Field} in both checks");
        }

        return grown.Count == 0
            ? new CheckFinding(rule.Name, true, string.Create(CultureInfo.InvariantCulture, $"{rule.Field} within +{rule.Tolerance} on {compared} row(s)"))
            : new CheckFinding(rule.Name, false, string.Join("; ", grown.Take(NamedRows)));
    }

    private static bool TryNumber(ParsedRow row, string field, out long value)
    {
        value = 0;
        return row.Values.TryGetValue(field, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static string Rows(ParsedOutput parsed, ParsedRow[] rows)
    {
        var named = string.Join(", ", rows.Take(NamedRows).Select(r => Label(parsed.Show, parsed.Key, r)));
        return rows.Length > NamedRows ? $"{named} and {rows.Length - NamedRows} more" : named;
    }
}
