namespace ChatNetOps.Cli.Commands;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Cards.Templating;
using ChatNetOps.Conversation.Rendering;

/// <summary>
/// <c>chatnetops card render &lt;template.json&gt; &lt;data.json&gt; [--text]</c>: prints the bound Adaptive Card as the bot
/// sends it (its text made literal with <see cref="CardText.MakeLiteral"/>).
/// </summary>
internal sealed class CardRenderCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Verb => "card render";

    public string Usage => "card render <template.json> <data.json> [--text]";

    public string Summary => "bind a card template to data and print the card JSON (--text: as the console shows it)";

    public Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var templatePath = args.Required(0, "template file (e.g. cards/help.json)");
        var dataPath = args.Required(1, "data file (e.g. cards/help.data.json)");
        try
        {
            var template = JsonNode.Parse(File.ReadAllText(templatePath))
                ?? throw new CliUsageException($"{templatePath} holds JSON null, not a card");
            var data = JsonNode.Parse(File.ReadAllText(dataPath));
            var card = AdaptiveCardTemplate.Expand(template, data, Path.GetFileNameWithoutExtension(templatePath));
            if (card is not null)
            {
                CardText.MakeLiteral(card);
            }

            if (args.Flag("text") && card is JsonObject cardObject)
            {
                stdout.WriteLine(PlainTextRenderer.Render(cardObject).Text);
            }
            else
            {
                stdout.WriteLine(card?.ToJsonString(Indented) ?? "null");
            }

            return Task.FromResult(0);
        }
        catch (IOException e)
        {
            stderr.WriteLine($"chatnetops card render: {e.Message}");
            return Task.FromResult(1);
        }
        catch (JsonException e)
        {
            stderr.WriteLine($"chatnetops card render: not valid JSON: {e.Message}");
            return Task.FromResult(1);
        }
        catch (TemplateException e)
        {
            stderr.WriteLine($"chatnetops card render: {e.Message}");
            return Task.FromResult(1);
        }
    }
}
