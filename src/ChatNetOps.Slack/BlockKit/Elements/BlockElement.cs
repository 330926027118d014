namespace ChatNetOps.Slack.BlockKit.Elements;

using System.Text.Json.Serialization;

/// <summary>An interactive element; <c>type</c> is the discriminator.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
[JsonDerivedType(typeof(PlainTextInputElement), "plain_text_input")]
[JsonDerivedType(typeof(NumberInputElement), "number_input")]
[JsonDerivedType(typeof(StaticSelectElement), "static_select")]
internal abstract record BlockElement
{
    public string? ActionId { get; init; }
}
