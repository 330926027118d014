namespace ChatNetOps.Core.Parsing;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// A summary or row-label line such as <c>{ok} of {total} neighbours FULL</c> or <c>{name} {state}</c>: literal text
/// with <c>{placeholder}</c>s filled from row counts and field values. Nothing else is interpreted.
/// </summary>
public sealed partial class SummaryTemplate
{
    /// <summary>The counts a summary may name besides the fields.</summary>
    public static readonly IReadOnlyList<string> Counts = ["ok", "warning", "problem", "total"];

    private SummaryTemplate(string text) => Text = text;

    public string Text { get; }

    /// <summary>The placeholders used, in order.</summary>
    public IEnumerable<string> Placeholders => Placeholder().Matches(Text).Select(m => m.Groups["name"].Value);

    /// <summary>A template whose placeholders are all in <paramref name="known"/>.</summary>
    /// <exception cref="ExpressionException">A placeholder is unknown or a brace is unbalanced.</exception>
    public static SummaryTemplate Parse(string text, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = known.ToHashSet(StringComparer.Ordinal);
        var template = new SummaryTemplate(text);
        foreach (Match m in Placeholder().Matches(text))
        {
            if (!names.Contains(m.Groups["name"].Value))
            {
                throw new ExpressionException($"names unknown placeholder '{{{m.Groups["name"].Value}}}'; use {string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => "{" + n + "}"))}", m.Index + 1);
            }
        }

        var rest = Placeholder().Replace(text, string.Empty);
        var brace = rest.IndexOfAny(['{', '}']);
        if (brace >= 0)
        {
            throw new ExpressionException("has a brace that is not a {placeholder}", text.IndexOfAny(['{', '}']) + 1);
        }

        return template;
    }

    /// <summary>The text with each placeholder replaced; a value the row lacks reads as '?'.</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (Match m in Placeholder().Matches(Text))
        {
            text.Append(Text, at, m.Index - at);
            text.Append(values.TryGetValue(m.Groups["name"].Value, out var v) && v.Length > 0 ? v : "?");
            at = m.Index + m.Length;
        }

        return text.Append(Text, at, Text.Length - at).ToString();
    }

    internal static Dictionary<string, string> CountValues(int ok, int warning, int problem, int total) => new(StringComparer.Ordinal)
    {
        ["ok"] = ok.ToString("N0", CultureInfo.InvariantCulture),
        ["warning"] = warning.ToString("N0", CultureInfo.InvariantCulture),
        ["problem"] = problem.ToString("N0", CultureInfo.InvariantCulture),
        ["total"] = total.ToString("N0", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
