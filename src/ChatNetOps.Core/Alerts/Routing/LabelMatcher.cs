namespace ChatNetOps.Core.Alerts.Routing;

using System.Text.RegularExpressions;

/// <summary>One label condition of a route: the label equals a value, matches a regex (whole value), or is one of several.</summary>
public sealed record LabelMatcher(string Label, string? Value, Regex? Pattern, IReadOnlyList<string>? OneOf)
{
    /// <summary>How long a route's regex may run on one value before the route is treated as not matching.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(Label, out var value))
        {
            return false;
        }

        if (Value is not null)
        {
            return string.Equals(value, Value, StringComparison.Ordinal);
        }

        if (OneOf is not null)
        {
            return OneOf.Contains(value, StringComparer.Ordinal);
        }

        try
        {
            return Pattern!.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
