namespace ChatNetOps.Architecture.Tests;

using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

/// <summary>
/// The logging rules of docs/architecture.md ("Logging and tracing"), checked over the compiled assemblies: every
/// <c>[LoggerMessage]</c> has an explicit EventId, no two share one across all ChatNetOps assemblies, and each sits in
/// its project's one <c>Log</c> class (<c>&lt;assembly&gt;.Log</c>) within the EventId range the document gives it.
/// </summary>
public sealed partial class LoggingRulesTests
{
    [Fact]
    public void EventIds_AreUniqueAcrossAllAssemblies()
    {
        var messages = LogMessages();
        Assert.NotEmpty(messages);

        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}")
            .ToList();

        Assert.True(shared.Count == 0, "EventIds used more than once:\n" + string.Join("\n", shared));
    }

    [Fact]
    public void EveryLogMessage_IsInItsProjectsLogClass_WithinTheDocumentedRange()
    {
        var ranges = DocumentedRanges();
        var wrong = new List<string>();
        foreach (var message in LogMessages())
        {
            var assembly = message.Method.DeclaringType!.Assembly.GetName().Name!;
            if (message.Method.DeclaringType.FullName != assembly + ".Log")
            {
                wrong.Add($"{message.Name} is not in {assembly}.Log");
            }

            if (!ranges.TryGetValue(assembly, out var range))
            {
                wrong.Add($"{assembly} has no EventId range in docs/architecture.md");
            }
            else if (message.EventId < range.First || message.EventId > range.Last)
            {
                wrong.Add($"{message.Name} has EventId {message.EventId}, outside {assembly}'s {range.First}–{range.Last}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void DocumentedRanges_DoNotOverlap()
    {
        var ranges = DocumentedRanges().OrderBy(r => r.Value.First).ToList();

        Assert.Contains("ChatNetOps.Core", ranges.Select(r => r.Key));
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i].Value.First > ranges[i - 1].Value.Last, $"{ranges[i - 1].Key} and {ranges[i].Key} overlap");
        }
    }

    private static List<LogMessage> LogMessages() =>
    [
        .. DependencyRulesTests.ShippedAssemblies()
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => new LogMessage(m.Method, m.Attribute!.EventId)),
    ];

    /// <summary>The "| ChatNetOps.X | 1000–1999 |" rows of the EventId table in docs/architecture.md.</summary>
    private static Dictionary<string, (int First, int Last)> DocumentedRanges()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatNetOps.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var ranges = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
        foreach (Match row in RangeRow().Matches(File.ReadAllText(Path.Combine(directory.FullName, "docs", "architecture.md"))))
        {
            ranges.Add(row.Groups["project"].Value, (int.Parse(row.Groups["first"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(row.Groups["last"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.NotEmpty(ranges);
        return ranges;
    }

    [GeneratedRegex(@"^\| `(?<project>ChatNetOps\.[A-Za-z.]+)` \| (?<first>\d+)–(?<last>\d+) \|", RegexOptions.Multiline)]
    private static partial Regex RangeRow();

    private sealed record LogMessage(MethodInfo Method, int EventId)
    {
        public string Name => $"{Method.DeclaringType!.FullName}.{Method.Name}";
    }
}
