using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards.Templating;

namespace ChatNetOps.Conversation.Cards;

/// <summary>
/// The Adaptive Card templates of a cards/ directory, parsed and checked once, rendered with data
/// by <see cref="AdaptiveCardTemplate"/>. Thread-safe: templates are never modified.
/// </summary>
public sealed class CardTemplates
{
    /// <summary>Name of the directory searched for by <see cref="FindDefaultDirectory"/>.</summary>
    public const string DirectoryName = "cards";

    private const string DataSuffix = ".data.json";

    private readonly Dictionary<string, JsonNode> _templates;

    private CardTemplates(string directory, Dictionary<string, JsonNode> templates)
    {
        Directory = directory;
        _templates = templates;
    }

    /// <summary>The directory the templates were loaded from.</summary>
    public string Directory { get; }

    /// <summary>Template names (file names without .json), sorted.</summary>
    public IReadOnlyList<string> Names => [.. _templates.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Loads every <c>*.json</c> template (not <c>*.data.json</c>) from <paramref name="directory"/>,
    /// or from <see cref="FindDefaultDirectory"/> when null, and parses every binding.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No cards directory was found.</exception>
    /// <exception cref="TemplateException">A template is not valid JSON, has a malformed binding, or a required card is missing.</exception>
    public static CardTemplates Load(string? directory = null)
    {
        directory ??= FindDefaultDirectory()
            ?? throw new DirectoryNotFoundException(
                $"No '{DirectoryName}' directory with card templates was found next to {AppContext.BaseDirectory} or above "
                + $"{System.IO.Directory.GetCurrentDirectory()}; pass the path of the repository's cards/ directory.");
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Card template directory '{directory}' does not exist; pass the path of the repository's cards/ directory.");
        }

        var templates = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*.json"))
        {
            var fileName = Path.GetFileName(path);
            if (fileName.EndsWith(DataSuffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(path);
            JsonNode template;
            try
            {
                template = JsonNode.Parse(File.ReadAllText(path))
                    ?? throw new TemplateException($"Card template '{name}' ({path}) is JSON null; it must be an AdaptiveCard object.");
            }
            catch (JsonException ex)
            {
                throw new TemplateException($"Card template '{name}' ({path}) is not valid JSON: {ex.Message}", ex);
            }

            AdaptiveCardTemplate.Validate(template, name);
            templates[name] = template;
        }

        var missing = CardNames.All.Where(n => !templates.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new TemplateException(
                $"Card template directory '{directory}' lacks {string.Join(", ", missing.Select(m => m + ".json"))}; "
                + "point it at the repository's cards/ directory.");
        }

        return new CardTemplates(directory, templates);
    }

    /// <summary>
    /// Finds cards/: first under <see cref="AppContext.BaseDirectory"/> (where the Conversation
    /// project copies the templates), then in the current directory and each of its parents.
    /// </summary>
    public static string? FindDefaultDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, DirectoryName);
        if (HasTemplates(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DirectoryName);
            if (HasTemplates(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether a template with this name was loaded.</summary>
    public bool Contains(string name) => _templates.ContainsKey(name);

    /// <summary>A copy of the raw template.</summary>
    public JsonNode GetTemplate(string name) => Find(name).DeepClone();

    /// <summary>
    /// Expands template <paramref name="name"/> with <paramref name="data"/> into the Adaptive Card as it is sent: its
    /// text made literal with <see cref="CardText.MakeLiteral"/>, so no data can form Markdown, a link or a tag.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No template has this name.</exception>
    /// <exception cref="TemplateException">A binding failed to evaluate.</exception>
    public JsonObject Render(string name, JsonNode? data)
    {
        var card = AdaptiveCardTemplate.Expand(Find(name), data, name);
        return card is JsonObject expanded
            ? CardText.MakeLiteral(expanded)
            : throw new TemplateException($"Card template '{name}' expanded to {card?.GetValueKind().ToString() ?? "nothing"}, not a card object; check its root $data / $when.");
    }

    private JsonNode Find(string name) =>
        _templates.TryGetValue(name, out var template)
            ? template
            : throw new KeyNotFoundException($"No card template '{name}' in '{Directory}'; known: {string.Join(", ", Names)}.");

    private static bool HasTemplates(string directory) =>
        System.IO.Directory.Exists(directory) && File.Exists(Path.Combine(directory, CardNames.Help + ".json"));
}
