namespace ChatNetOps.Core.Reports;

using System.Globalization;

/// <summary>
/// Reads a report window bound: a span back from now (<c>30d</c>, <c>12h</c>, <c>2w</c>) or a UTC date or time
/// (<c>2026-11-01</c>, <c>2026-11-01T08:00Z</c>). A span is at most <see cref="MaxDays"/> days.
/// </summary>
public static class ReportWindow
{
    public const int MaxDays = 3660;

    public static ReportQuery Parse(string? since, string? until, string? incident, DateTimeOffset now)
    {
        var end = until is null ? now : Bound(until, now, "--until");
        var start = Bound(since ?? "30d", now, "--since");
        if (end <= start)
        {
            throw new FormatException($"the window is empty: --until ({end:O}) must be after --since ({start:O})");
        }

        return new ReportQuery(start, end, incident);
    }

    public static DateTimeOffset Bound(string text, DateTimeOffset now, string option)
    {
        var value = text.Trim();
        if (value.Length is >= 2 and <= 6 && value[^1] is 'd' or 'h' or 'w' or 'D' or 'H' or 'W'
            && int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            var span = char.ToLowerInvariant(value[^1]) switch
            {
                'h' => TimeSpan.FromHours(amount),
                'w' => TimeSpan.FromDays(7.0 * amount),
                _ => TimeSpan.FromDays(amount),
            };
            if (span > TimeSpan.FromDays(MaxDays))
            {
                throw new FormatException($"{option} {value} reaches back more than {MaxDays} days");
            }

            return now - span;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        throw new FormatException($"{option} '{value}' is neither a span back from now (30d, 12h, 2w) nor a UTC date or time (2026-11-01, 2026-11-01T08:00Z)");
    }
}
