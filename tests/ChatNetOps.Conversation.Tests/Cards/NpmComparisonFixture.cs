using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Cards.Templating;

namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>
/// Renders every case with our engine and, in one batch, with the npm peer; validates our
/// rendered cards with npm adaptivecards. Built once per test class.
/// </summary>
public sealed class NpmComparisonFixture : IAsyncLifetime
{
    public Dictionary<string, ComparisonCase> Cases { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        foreach (var (name, template, data) in CardDataSets.All())
        {
            Add($"card:{name}", CardDataSets.Template(template), data, isCard: true);
        }

        for (var i = 0; i < ExpressionCases.All.Count; i++)
        {
            Add(ExpressionKey(i), new JsonObject { ["v"] = ExpressionCases.All[i] }, ExpressionCases.Data, isCard: false);
        }

        foreach (var (name, template) in StructureCases.All)
        {
            Add($"structure:{name}", JsonNode.Parse(template)!, StructureCases.Data, isCard: false);
        }

        var npm = await NodePeer.RenderAsync(Cases.Values.Select(c => (c.Name, c.Template, c.Data)));
        foreach (var c in Cases.Values)
        {
            (c.Npm, c.NpmError) = npm[c.Name];
        }

        // What is validated is what is sent: the expansion with its text made literal.
        var cards = Cases.Values.Where(c => c.IsCard && c.Sent is not null).Select(c => (c.Name, c.Sent!)).ToList();
        var validation = await NodePeer.ValidateAsync(cards);
        foreach (var (name, errors) in validation)
        {
            Cases[name].ValidationErrors = errors;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    internal static string ExpressionKey(int index) => $"expression:{index}";

    private void Add(string name, JsonNode template, JsonNode? data, bool isCard)
    {
        var c = new ComparisonCase(name, template, data, isCard);
        try
        {
            c.Ours = AdaptiveCardTemplate.Expand(template, data, name);
            c.Sent = isCard && c.Ours is not null ? CardText.MakeLiteral(c.Ours.DeepClone()) : null;
        }
        catch (TemplateException ex)
        {
            c.OurError = ex.Message;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            c.OurError = "BUG " + ex;
        }

        Cases.Add(name, c);
    }
}
