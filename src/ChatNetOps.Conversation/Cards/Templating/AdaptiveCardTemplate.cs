using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// Adaptive Card Templating (<c>${…}</c>, <c>$data</c>, <c>$when</c>, <c>$root</c>, <c>$index</c>)
/// for the subset of Adaptive Expressions our cards use, matching the npm
/// <c>adaptivecards-templating</c> package: a missing value bound in a string stays as its
/// <c>${path}</c> text, a string that is exactly one binding keeps the bound value's JSON type.
/// </summary>
public static class AdaptiveCardTemplate
{
    /// <summary>
    /// Expands <paramref name="template"/> with <paramref name="data"/> as <c>$root</c>.
    /// The template is not modified; the result shares no nodes with the inputs.
    /// </summary>
    /// <exception cref="TemplateException">A binding is malformed or fails to evaluate.</exception>
    public static JsonNode? Expand(JsonNode template, JsonNode? data, string templateName = "template")
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(templateName);
        var expanded = new TemplateExpander(templateName, JsValues.FromNode(data)).Expand(template);
        return expanded as JsonNode;
    }

    /// <summary>Parses every binding in <paramref name="template"/> without data.</summary>
    /// <exception cref="TemplateException">A binding is malformed or calls an unsupported function.</exception>
    public static void Validate(JsonNode template, string templateName = "template")
    {
        ArgumentNullException.ThrowIfNull(template);
        TemplateExpander.Validate(template, templateName);
    }
}
