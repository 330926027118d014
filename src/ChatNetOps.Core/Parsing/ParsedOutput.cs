namespace ChatNetOps.Core.Parsing;

/// <summary>
/// What a runbook's declared parser made of one device's output: the verdict, one summary line, and the rows (worst
/// first, at most <see cref="OutputParser.MaxRows"/>). When the output was not recognised, <see cref="Recognised"/> is
/// false, the verdict is a warning, the summary says so and there are no rows: an unrecognised output is never a
/// silent green.
/// </summary>
/// <param name="Columns">The fields in declaration order (the table's columns).</param>
/// <param name="Show">The columns a narrow card shows, in order.</param>
/// <param name="Key">The field that names a row (a neighbour id, a tunnel name).</param>
public sealed record ParsedOutput(
    Verdict Verdict,
    string Summary,
    bool Recognised,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> Show,
    string Key,
    IReadOnlyList<ParsedRow> Rows)
{
    public const string NotRecognisedSummary = "output not recognised; raw output below";

    /// <summary>Rows the output held (more than <see cref="Rows"/> when they were capped).</summary>
    public int TotalRows { get; init; }

    /// <summary>Why the output was not recognised (the line and field), for the raw-output view and the logs.</summary>
    public string? Reason { get; init; }
}
