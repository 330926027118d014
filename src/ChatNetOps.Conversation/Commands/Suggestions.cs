namespace ChatNetOps.Conversation.Commands;

/// <summary>"Did you mean": the nearest known name by prefix, then by edit distance.</summary>
public static class Suggestions
{
    /// <summary>The closest candidate, or null when nothing is close enough to be a useful guess.</summary>
    public static string? Nearest(string input, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        var word = input.Trim().ToLowerInvariant();
        if (word.Length == 0 || word.Length > 64)
        {
            return null;
        }

        var list = candidates.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(c => c, StringComparer.OrdinalIgnoreCase).ToArray();
        if (word.Length >= 3)
        {
            var prefixed = list.Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase)).MinBy(c => c.Length);
            if (prefixed is not null)
            {
                return prefixed;
            }
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in list)
        {
            var distance = Distance(word, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var allowed = Math.Max(1, Math.Min(word.Length, best?.Length ?? 0) / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>"; did you mean x?" or empty.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates) =>
        Nearest(input, candidates) is { } near ? $"; did you mean {near}?" : string.Empty;

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
