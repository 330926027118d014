namespace ChatNetOps.Conversation.Dialog;

using System.Globalization;

/// <summary>
/// The times <c>change open</c> accepts: an ISO 8601 time with its offset (<c>2026-11-23T22:00Z</c>,
/// <c>2026-11-23T23:00+01:00</c>), <c>now</c>, or a time from now (<c>+30m</c>, <c>+2h</c>, <c>+1d</c>). A time without an
/// offset is refused: whose 22:00 it is would be a guess.
/// </summary>
internal static class ChangeTimes
{
    private static readonly string[] Formats =
        ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK"];

    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        var t = text.Trim();
        if (t.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            value = now;
            return true;
        }

        if (t.Length is >= 3 and <= 6 && t[0] == '+' && int.TryParse(t.AsSpan(1, t.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? offset = char.ToLowerInvariant(t[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (offset is { } span && span <= TimeSpan.FromDays(400))
            {
                value = now + span;
                return true;
            }

            return false;
        }

        // An offset (Z or ±hh:mm) is required: without one the time would be read in the server's zone.
        var hasOffset = t.EndsWith('Z') || t.EndsWith('z') || (t.Length > 6 && t[^6] is '+' or '-' && t[^3] == ':');
        return hasOffset && DateTimeOffset.TryParseExact(t.ToUpperInvariant(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
