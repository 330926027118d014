namespace ChatNetOps.Conversation.Cards.Model;

using System.Text.Json.Nodes;

/// <summary>A card button: in the card's <c>actions</c> or in an ActionSet.</summary>
/// <param name="Type">The Adaptive Card type name (<c>Action.Execute</c>, …).</param>
public abstract record AdaptiveAction(string Type)
{
    public string? Title { get; init; }

    /// <summary>False for <c>isEnabled: false</c>.</summary>
    public bool IsEnabled { get; init; } = true;

    public ActionStyle Style { get; init; }

    /// <summary>The action's <c>fallback</c>: what a host that cannot perform this action shows instead (Slack cannot toggle).</summary>
    public AdaptiveAction? Fallback { get; init; }

    /// <summary>Sends <paramref name="Verb"/> and <paramref name="Data"/> to the bot: Action.Execute, or Action.Submit.</summary>
    /// <param name="Verb">Action.Execute's verb; for Action.Submit its data's <c>verb</c>, else the action's id.</param>
    /// <param name="Data">The action's data (a JSON value that is not an object is <c>{"value": …}</c>). Copy it before handing it out.</param>
    /// <param name="AssociatesInputs">False for <c>associatedInputs: none</c>: the card's input values do not travel with it.</param>
    public sealed record Execute(string Type, string? Verb, JsonObject Data, bool AssociatesInputs) : AdaptiveAction(Type);

    public sealed record OpenUrl(string? Url) : AdaptiveAction("Action.OpenUrl");

    /// <summary>Shows <paramref name="Card"/> under the button.</summary>
    public sealed record ShowCard(AdaptiveCard Card) : AdaptiveAction("Action.ShowCard");

    /// <summary>Shows or hides the elements with these ids (client side).</summary>
    public sealed record ToggleVisibility(IReadOnlyList<string> TargetElements) : AdaptiveAction("Action.ToggleVisibility");

    public sealed record Unknown(string Type) : AdaptiveAction(Type);
}
