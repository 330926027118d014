namespace ChatNetOps.Conversation.Rendering;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Requests;

/// <summary>What the card families bind the same way: the message around a card, and the shared shapes of cards/README.md.</summary>
internal static class CardData
{
    /// <summary>Binds <paramref name="data"/> to template <paramref name="name"/>; <paramref name="text"/> is the message's plain-text fallback.</summary>
    public static OutboundMessage CardMessage(this CardTemplates templates, string name, JsonObject data, string text) =>
        new(text, templates.Render(name, data)) { CardName = name };

    /// <summary><c>Runbook</c> = <c>{ name, title }</c>.</summary>
    public static JsonObject RunbookRef(string name) => new()
    {
        ["name"] = name,
        ["title"] = Formats.Title(name),
    };

    /// <summary><c>Person</c> = <c>{ id, name }</c> (the chat user id; only the name is shown).</summary>
    public static JsonObject Person(Actor actor) => new()
    {
        ["id"] = actor.UserId,
        ["name"] = actor.DisplayName,
    };

    /// <summary>A request's targets on one line, the first <see cref="CardLimits.ListedDevices"/> of them and "and N more".</summary>
    public static string DeviceText(IReadOnlyList<string> targets)
    {
        var capped = CardLimits.Cap(targets, CardLimits.ListedDevices);
        return string.Join(", ", capped.Items) + (capped.MoreNote is { } more ? $" {more}" : string.Empty);
    }

    /// <summary>At most <paramref name="max"/> characters, and "…" when cut.</summary>
    public static string Cut(string value, int max) => value.Length <= max ? value : value[..max] + "…";

    /// <summary>
    /// An error or message of up to <paramref name="max"/> characters, cut only between words so no value in it (a
    /// host-key fingerprint, an address, a path) is shown in part; "…" when cut. A single word longer than the limit
    /// is kept whole.
    /// </summary>
    public static string CutAtWord(string value, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= max)
        {
            return value;
        }

        var end = value.LastIndexOf(' ', max);
        if (end <= 0)
        {
            end = value.IndexOf(' ', max);
            return end < 0 ? value : value[..end] + " …";
        }

        return value[..end].TrimEnd(',', ';', ':') + " …";
    }
}
