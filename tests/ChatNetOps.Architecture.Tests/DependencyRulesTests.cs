namespace ChatNetOps.Architecture.Tests;

using System.Reflection;

/// <summary>
/// The dependency rules of docs/architecture.md, checked over the compiled assemblies: Core references nothing
/// of ours and no platform; adapters never reference each other; workers never reference chat adapters.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly string[] Platforms = ["Microsoft.AspNetCore", "Azure.", "Microsoft.Azure", "Renci.SshNet", "Microsoft.Data.Sqlite", "SQLitePCL"];

    /// <summary>For each project: the ChatNetOps assemblies it may reference directly.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["ChatNetOps.Core"] = [],
        ["ChatNetOps.Conversation"] = ["ChatNetOps.Core"],
        ["ChatNetOps.Slack"] = ["ChatNetOps.Core", "ChatNetOps.Conversation"],
        ["ChatNetOps.Teams"] = ["ChatNetOps.Core", "ChatNetOps.Conversation"],
        ["ChatNetOps.Alerts"] = ["ChatNetOps.Core", "ChatNetOps.Conversation"],
        ["ChatNetOps.Execution"] = ["ChatNetOps.Core"],
        ["ChatNetOps.Storage.Sqlite"] = ["ChatNetOps.Core"],
        ["ChatNetOps.Azure"] = ["ChatNetOps.Core"],
        ["ChatNetOps.Inventory.NetBox"] = ["ChatNetOps.Core"],
        ["ChatNetOps.ChangeRecords"] = ["ChatNetOps.Core"],
        ["ChatNetOps.Worker"] = ["ChatNetOps.Core", "ChatNetOps.Execution", "ChatNetOps.Storage.Sqlite", "ChatNetOps.Azure", "ChatNetOps.Inventory.NetBox", "ChatNetOps.ChangeRecords"],
        ["ChatNetOps.Bot"] = ["ChatNetOps.Core", "ChatNetOps.Conversation", "ChatNetOps.Slack", "ChatNetOps.Teams", "ChatNetOps.Alerts", "ChatNetOps.Execution", "ChatNetOps.Storage.Sqlite", "ChatNetOps.Azure", "ChatNetOps.Inventory.NetBox", "ChatNetOps.ChangeRecords"],
        ["chatnetops"] = ["ChatNetOps.Core", "ChatNetOps.Conversation", "ChatNetOps.Execution", "ChatNetOps.Storage.Sqlite", "ChatNetOps.Azure", "ChatNetOps.Inventory.NetBox", "ChatNetOps.ChangeRecords"],
    };

    public static TheoryData<string> Assemblies()
    {
        var data = new TheoryData<string>();
        foreach (var name in ShippedAssemblies().Select(a => a.GetName().Name!))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Assembly_ReferencesOnlyWhatTheArchitectureAllows(string name)
    {
        var assembly = Load(name);
        Assert.True(Allowed.TryGetValue(name, out var allowed), $"{name} has no dependency rule; add it to docs/architecture.md and this test.");

        var ours = assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => n.StartsWith("ChatNetOps.", StringComparison.Ordinal) || n == "chatnetops")
            .ToArray();

        Assert.All(ours, r => Assert.True(allowed.Contains(r), $"{name} must not reference {r}"));
    }

    [Fact]
    public void Core_ReferencesNoPlatform()
    {
        var references = Load("ChatNetOps.Core").GetReferencedAssemblies().Select(r => r.Name!).ToArray();

        Assert.All(references, r => Assert.False(Platforms.Any(p => r.StartsWith(p, StringComparison.Ordinal)), $"ChatNetOps.Core must not reference {r}"));
    }

    [Fact]
    public void Conversation_ReferencesNoPlatform()
    {
        var references = Load("ChatNetOps.Conversation").GetReferencedAssemblies().Select(r => r.Name!).ToArray();

        Assert.All(references, r => Assert.False(Platforms.Any(p => r.StartsWith(p, StringComparison.Ordinal)), $"ChatNetOps.Conversation must not reference {r}"));
    }

    [Fact]
    public void EveryShippedAssembly_IsChecked()
    {
        var names = ShippedAssemblies().Select(a => a.GetName().Name!).ToArray();

        Assert.Contains("ChatNetOps.Core", names);
        Assert.Contains("ChatNetOps.Bot", names);
        Assert.Contains("ChatNetOps.Worker", names);
        Assert.Contains("chatnetops", names);
        Assert.Contains("ChatNetOps.Inventory.NetBox", names);
        Assert.Contains("ChatNetOps.ChangeRecords", names);
    }

    internal static IEnumerable<Assembly> ShippedAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not null && (n == "chatnetops" || (n.StartsWith("ChatNetOps.", StringComparison.Ordinal) && !n.EndsWith(".Tests", StringComparison.Ordinal) && n != "ChatNetOps.Testing")))
            .Select(n => Load(n!));

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));
}
