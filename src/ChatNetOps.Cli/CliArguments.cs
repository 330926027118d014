namespace ChatNetOps.Cli;

/// <summary>Positional arguments and <c>--name value</c> / <c>--flag</c> options after the verb.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);

    private CliArguments(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    /// <summary>The inventory folder: <c>--inventory DIR</c>, default <c>./inventory</c>.</summary>
    public string InventoryPath => Option("inventory") ?? "inventory";

    public static CliArguments Parse(string[] args)
    {
        var positional = new List<string>();
        var result = new CliArguments(positional);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    result._options[name[..eq]] = name[(eq + 1)..];
                }
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    result._options[name] = args[++i];
                }
                else
                {
                    result._options[name] = null;
                }
            }
            else
            {
                positional.Add(a);
            }
        }

        return result;
    }

    public string? Option(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public bool Flag(string name) => _options.ContainsKey(name);

    public string Required(int index, string what) =>
        index < Positional.Count ? Positional[index] : throw new CliUsageException($"missing {what}");
}
