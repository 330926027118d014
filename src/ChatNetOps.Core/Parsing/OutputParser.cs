namespace ChatNetOps.Core.Parsing;

using System.Text;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory;

/// <summary>
/// A runbook's declared parser (<c>parse:</c> in runbooks.yaml): typed fields shared by every platform, ordered line
/// rules per platform that turn raw output into rows, and the verdict rules over those rows. One row shape across
/// platforms is what lets a fan-out result be one table.
/// </summary>
public sealed partial class OutputParser
{
    /// <summary>Rows kept in a result (the verdict and the counts cover every row).</summary>
    public const int MaxRows = 200;

    /// <summary>Lines read from one output; more is not a table a runbook should parse.</summary>
    public const int MaxLines = 20_000;

    /// <summary>Characters of one line that rules see.</summary>
    public const int MaxLineLength = 2_000;

    /// <summary>Non-ok rows named after the summary line.</summary>
    public const int MaxNamedRows = 3;

    public OutputParser(
        IReadOnlyList<KeyValuePair<string, FieldType>> fields,
        string key,
        IReadOnlyList<string> show,
        IReadOnlyDictionary<Platform, PlatformParser> platforms)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields;
        FieldTypes = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        Key = key;
        Show = show;
        Platforms = platforms;
    }

    public IReadOnlyList<KeyValuePair<string, FieldType>> Fields { get; }

    public IReadOnlyDictionary<string, FieldType> FieldTypes { get; }

    public string Key { get; }

    /// <summary>The columns a card shows (narrow screens); the stored result keeps every field.</summary>
    public IReadOnlyList<string> Show { get; }

    public IReadOnlyDictionary<Platform, PlatformParser> Platforms { get; }

    /// <summary>A row meeting it is a problem.</summary>
    public VerdictExpression? FailWhen { get; init; }

    /// <summary>A row not meeting it is a problem.</summary>
    public VerdictExpression? OkWhen { get; init; }

    /// <summary>A row meeting it (and no problem rule) is a warning.</summary>
    public VerdictExpression? WarnWhen { get; init; }

    /// <summary>The summary line; <c>{ok}</c>, <c>{warning}</c>, <c>{problem}</c>, <c>{total}</c> and the first row's fields.</summary>
    public SummaryTemplate? Summary { get; init; }

    /// <summary>How a row that is not ok is named after the summary (default: its key and verdict).</summary>
    public SummaryTemplate? RowLabel { get; init; }

    /// <summary>The verdict when the output was recognised but holds no row.</summary>
    public Verdict EmptyVerdict { get; init; } = Verdict.Warning;

    public string EmptySummary { get; init; } = "nothing listed";

    /// <summary>Reads <paramref name="output"/> of a device on <paramref name="platform"/>; null when the runbook has no parser for it.</summary>
    public ParsedOutput? Parse(Platform platform, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Platforms.TryGetValue(platform, out var parser))
        {
            return null;
        }

        var columns = Fields.Select(f => f.Key).ToArray();
        var (rows, problem) = ReadRows(parser, output);
        if (problem is not null)
        {
            return new ParsedOutput(Verdict.Warning, ParsedOutput.NotRecognisedSummary, false, columns, Show, Key, []) { Reason = problem };
        }

        if (rows.Count == 0)
        {
            return new ParsedOutput(EmptyVerdict, EmptySummary, true, columns, Show, Key, []);
        }

        var judged = rows.Select(r => new ParsedRow(Judge(r), r)).ToList();
        var counts = SummaryTemplate.CountValues(
            judged.Count(r => r.Verdict == Verdict.Ok), judged.Count(r => r.Verdict == Verdict.Warning), judged.Count(r => r.Verdict == Verdict.Problem), judged.Count);
        foreach (var (name, value) in judged[0].Values)
        {
            counts.TryAdd(name, value);
        }

        var summary = new StringBuilder(Summary?.Render(counts) ?? $"{counts["ok"]} of {counts["total"]} ok");
        var bad = judged.Where(r => r.Verdict != Verdict.Ok).OrderByDescending(r => r.Verdict).ToList();
        if (bad.Count > 0 && judged.Count > 1)
        {
            summary.Append(" — ").AppendJoin(", ", bad.Take(MaxNamedRows).Select(Label));
            if (bad.Count > MaxNamedRows)
            {
                summary.Append(", +").Append(bad.Count - MaxNamedRows).Append(" more");
            }
        }

        var verdict = judged.Max(r => r.Verdict);
        var ordered = judged.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Verdict).ThenBy(x => x.i).Select(x => x.r).Take(MaxRows).ToList();
        return new ParsedOutput(verdict, summary.ToString(), true, columns, Show, Key, ordered) { TotalRows = judged.Count };
    }

    private Verdict Judge(IReadOnlyDictionary<string, string> row)
    {
        if (FailWhen?.Evaluate(row) == true || OkWhen?.Evaluate(row) == false)
        {
            return Verdict.Problem;
        }

        return WarnWhen?.Evaluate(row) == true ? Verdict.Warning : Verdict.Ok;
    }

    private string Label(ParsedRow row) =>
        RowLabel?.Render(row.Values)
        ?? $"{(row.Values.TryGetValue(Key, out var k) ? k : "?")} {(row.Verdict == Verdict.Problem ? "problem" : "warning")}";

    /// <summary>Runs the state machine over the cleaned lines; a typed field that does not parse makes the output unrecognised.</summary>
    private (List<Dictionary<string, string>> Rows, string? Problem) ReadRows(PlatformParser parser, string output)
    {
        var rows = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        var state = "start";
        var recognised = false;
        var unmatched = 0;
        var number = 0;
        foreach (var line in CleanLines(output))
        {
            number++;
            if (number > MaxLines)
            {
                return (rows, $"more than {MaxLines} lines");
            }

            LineRule? hit = null;
            Match? match = null;
            foreach (var rule in parser.Rules)
            {
                if (!string.Equals(rule.State, state, StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    match = rule.Match.Match(line);
                }
                catch (RegexMatchTimeoutException)
                {
                    return (rows, $"line {number}: a rule took too long to match");
                }

                if (match.Success)
                {
                    hit = rule;
                    break;
                }
            }

            if (hit is null || match is null)
            {
                if (line.Trim().Length > 0)
                {
                    unmatched++;
                }

                continue;
            }

            if (hit.Action is RuleAction.Record or RuleAction.Fill)
            {
                if (hit.Action == RuleAction.Record || current is null)
                {
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                    rows.Add(current);
                }

                foreach (var group in match.Groups.Cast<Group>().Where(g => g.Success && FieldTypes.ContainsKey(g.Name)))
                {
                    var value = FieldValues.Normalize(FieldTypes[group.Name], group.Value);
                    if (value is null)
                    {
                        return (rows, $"line {number}: '{Printable(group.Value)}' is not a valid {FieldTypes[group.Name].ToString().ToLowerInvariant()} for field {group.Name}");
                    }

                    // A record sets its row; a fill adds what the row does not have yet (the first value wins, so a
                    // later line repeating a field, like IOS-XE's second version line, does not overwrite it).
                    if (hit.Action == RuleAction.Record || !current.ContainsKey(group.Name))
                    {
                        current[group.Name] = value;
                    }
                }
            }

            recognised |= hit.Action != RuleAction.Ignore;
            state = hit.Next ?? state;
        }

        if (!recognised && !(parser.BlankMeansEmpty && unmatched == 0))
        {
            return (rows, "no line matched the parser's rules");
        }

        return (rows, null);
    }

    /// <summary>
    /// The output as the rules see it: line endings unified, terminal escapes and backspace erasures applied, a carriage
    /// return's overwrite kept (a pager's <c>--More--</c> wiped by <c>\r</c> and spaces), and pager prompts removed.
    /// </summary>
    public static IEnumerable<string> CleanLines(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = Escape().Replace(output, string.Empty);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var cr = line.LastIndexOf('\r');
            if (cr >= 0)
            {
                line = line[(cr + 1)..];
            }

            if (line.Contains('\b', StringComparison.Ordinal))
            {
                var erased = new StringBuilder();
                foreach (var c in line)
                {
                    if (c == '\b')
                    {
                        if (erased.Length > 0)
                        {
                            erased.Length--;
                        }
                    }
                    else
                    {
                        erased.Append(c);
                    }
                }

                line = erased.ToString();
            }

            line = Pager().Replace(line, string.Empty);
            yield return line.Length > MaxLineLength ? line[..MaxLineLength] : line;
        }
    }

    private static string Printable(string value) =>
        new(value.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]", RegexOptions.CultureInvariant)]
    private static partial Regex Escape();

    [GeneratedRegex(@"^\s*-+\s*\(?more\)?(?:\s*\(?\d+%\)?)?\s*-+\s*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pager();
}
