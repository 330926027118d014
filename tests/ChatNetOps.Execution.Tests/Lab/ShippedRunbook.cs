namespace ChatNetOps.Execution.Tests.Lab;

using YamlDotNet.RepresentationModel;

/// <summary>The parts of a runbook in the shipped <c>inventory/runbooks.yaml</c> the lab tests need, read with YamlDotNet directly.</summary>
internal sealed record ShippedRunbook(
    string Name,
    IReadOnlyList<ShippedInput> Inputs,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands)
{
    private static readonly Lazy<IReadOnlyList<ShippedRunbook>> Shipped = new(Load);

    public static IReadOnlyList<ShippedRunbook> All => Shipped.Value;

    public static string FindRepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Could not find {relative} above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    private static IReadOnlyList<ShippedRunbook> Load()
    {
        using var reader = new StreamReader(FindRepositoryFile(Path.Combine("inventory", "runbooks.yaml")));
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var result = new List<ShippedRunbook>();
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode("runbooks")]).Children.Cast<YamlMappingNode>())
        {
            var inputs = new List<ShippedInput>();
            if (Child(node, "inputs") is YamlSequenceNode inputNodes)
            {
                foreach (var input in inputNodes.Children.Cast<YamlMappingNode>())
                {
                    var values = Child(input, "values") is YamlSequenceNode v ? v.Children.Select(Scalar).ToList() : [];
                    inputs.Add(new ShippedInput(
                        Scalar(Child(input, "name")),
                        Scalar(Child(input, "type")),
                        string.Equals(Scalar(Child(input, "required")), "true", StringComparison.OrdinalIgnoreCase),
                        values,
                        Child(input, "min") is { } min ? Scalar(min) : null,
                        Child(input, "default") is { } d ? Scalar(d) : null));
                }
            }

            var commands = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (platform, list) in ((YamlMappingNode)Child(node, "commands")!).Children)
            {
                commands[Scalar(platform)] = ((YamlSequenceNode)list).Children.Select(Scalar).ToList();
            }

            result.Add(new ShippedRunbook(Scalar(Child(node, "name")), inputs, commands));
        }

        return result;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string Scalar(YamlNode? node) => node is YamlScalarNode { Value: { } value } ? value : string.Empty;
}
