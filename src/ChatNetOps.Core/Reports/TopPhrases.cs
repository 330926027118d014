namespace ChatNetOps.Core.Reports;

using System.Text;

/// <summary>
/// The most frequent phrases in bounded memory (Space-Saving, Metwally et al. 2005): at most <c>capacity</c>
/// counters; a new phrase replaces the least counted one and inherits its count, so a frequent phrase is never lost
/// and a count overstates by at most its <see cref="PhraseCount.Error"/>.
/// </summary>
internal sealed class TopPhrases(int capacity)
{
    public const int MaxPhraseLength = 80;

    private readonly Dictionary<string, (long Count, long Error)> _counters = new(StringComparer.Ordinal);

    public void Add(string raw)
    {
        var phrase = Normalize(raw);
        if (phrase.Length == 0)
        {
            return;
        }

        if (_counters.TryGetValue(phrase, out var counter))
        {
            _counters[phrase] = (counter.Count + 1, counter.Error);
            return;
        }

        if (_counters.Count < capacity)
        {
            _counters[phrase] = (1, 0);
            return;
        }

        var least = _counters.MinBy(c => c.Value.Count);
        _counters.Remove(least.Key);
        _counters[phrase] = (least.Value.Count + 1, least.Value.Count);
    }

    public IReadOnlyList<PhraseCount> Top(int count) =>
        [.. _counters.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal).Take(count).Select(c => new PhraseCount(c.Key, c.Value.Count, c.Value.Error))];

    /// <summary>Lower case, one space between words, printable, cut to <see cref="MaxPhraseLength"/>.</summary>
    public static string Normalize(string raw)
    {
        var builder = new StringBuilder(Math.Min(raw.Length, MaxPhraseLength));
        var space = false;
        foreach (var c in raw.Trim())
        {
            if (builder.Length >= MaxPhraseLength)
            {
                break;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
