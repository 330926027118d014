namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Requests;

/// <summary>
/// A result's verdict, summary and table as a card shows them: narrow (the parser's <c>show</c> columns, each row a
/// title and one short value line, so it reads on a phone), worst first, capped at <see cref="CardLimits.ResultRows"/>.
/// A fan-out result is one table across devices with the device first and a verdict in every row.
/// </summary>
internal sealed record ResultTable(Verdict Verdict, string Summary, string Header, IReadOnlyList<ResultTable.Row> Rows, int Total)
{
    private const int CellChars = 40;

    private const int NamedDevices = 3;

    /// <summary>Null when no device's output was parsed (no parser, or every run failed).</summary>
    public static ResultTable? Build(ExecutionSummary? result)
    {
        if (result is null || result.Devices.All(d => d.Parsed is null))
        {
            return null;
        }

        if (result.Devices.Count == 1)
        {
            var parsed = result.Devices[0].Parsed!;
            var header = string.Join(" · ", parsed.Show.Select(Formats.Title));
            var rows = parsed.Rows.Take(CardLimits.ResultRows).Select(r => new Row(
                Cell(r.Values.GetValueOrDefault(parsed.Show[0]) ?? "?"),
                string.Join(" · ", parsed.Show.Skip(1).Select(c => Cell(r.Values.GetValueOrDefault(c) ?? "–")).Prepend(Verdicts.Name(r.Verdict))))).ToList();
            return new ResultTable(parsed.Verdict, parsed.Summary, header, rows, Math.Max(parsed.TotalRows, parsed.Rows.Count));
        }

        // Fan-out: a device that failed or was not parsed is a problem row of its own; problem devices first.
        var devices = result.Devices
            .Select(d => (d.Device, Verdict: d.Parsed?.Verdict ?? Verdict.Problem, d.Parsed, d.Error, d.Status))
            .OrderByDescending(d => d.Verdict).ThenBy(d => d.Device, StringComparer.OrdinalIgnoreCase).ToList();
        var show = devices.Select(d => d.Parsed).OfType<ParsedOutput>().First().Show;
        var all = new List<Row>();
        foreach (var d in devices)
        {
            if (d.Parsed is not { Rows.Count: > 0 } p)
            {
                // A device's error is read whole (a fingerprint or an address cut in half helps nobody).
                all.Add(new Row(d.Device, $"{Verdicts.Name(d.Verdict)} · {(d.Parsed?.Summary is { } s ? Cell(s) : CardData.CutAtWord(d.Error ?? Formats.StatusLabel(d.Status), Formats.DeviceErrorChars))}"));
                continue;
            }

            all.AddRange(p.Rows.Select(r => new Row(
                d.Device,
                string.Join(" · ", show.Select(c => Cell(r.Values.GetValueOrDefault(c) ?? "–")).Prepend(Verdicts.Name(r.Verdict))))));
        }

        var worst = devices[0].Verdict;
        var ok = devices.Count(d => d.Verdict == Verdict.Ok);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{ok} of {devices.Count} devices ok");
        var bad = devices.Where(d => d.Verdict != Verdict.Ok).ToList();
        if (bad.Count > 0)
        {
            summary += " — " + string.Join("; ", bad.Take(NamedDevices).Select(d => $"{d.Device}: {d.Parsed?.Summary ?? d.Error ?? Formats.StatusLabel(d.Status)}"))
                + (bad.Count > NamedDevices ? $"; +{bad.Count - NamedDevices} more" : string.Empty);
        }

        return new ResultTable(worst, summary, "Device · " + string.Join(" · ", show.Select(Formats.Title)), all.Take(CardLimits.ResultRows).ToList(), all.Count);
    }

    private static string Cell(string value) => value.Length <= CellChars ? value : value[..(CellChars - 1)] + "…";

    /// <summary>One table row: its title (the key, or the device in a fan-out) and the rest on one line, verdict first.</summary>
    public sealed record Row(string Title, string Value);
}
