namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;

/// <summary>
/// Records refusals the dialog decides itself (unparseable lines, bad or forged card payloads, unknown users asking
/// for data) as audit denials, then builds the denied card. The audit append completes before the chat is told.
/// </summary>
internal sealed class DenialRecorder(IAuditLog audit, RefusalCards cards)
{
    private const int MaxValueLength = 80;

    public async Task<DialogResult> RefuseAsync(DialogContext context, string action, string reasonCode, string reason, string? needed, CancellationToken cancellationToken, params (string Key, string Value)[] details)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["action"] = action,
            ["reason"] = reasonCode,
            ["message"] = Cut(reason, 400),
            ["conversation"] = Cut(InputValidator.Printable(context.Conversation.ConversationId), MaxValueLength),
            ["channelKind"] = context.Channel.Kind.ToString(),
            ["correlationId"] = context.CorrelationId,
        };
        foreach (var (key, value) in details.Take(16))
        {
            map.TryAdd(key, Cut(InputValidator.Printable(value), MaxValueLength));
        }

        await audit.AppendAsync(new AuditEntry(AuditKind.Denied, context.Actor)
        {
            Incident = context.Channel.Incident,
            MessageLink = context.Conversation.Link,
            Details = map,
        }, cancellationToken);
        return Refusal(cards.Denied(new DenialView(reason, reasonCode, needed, context.CorrelationId)));
    }

    /// <summary>
    /// A usage error (a typo, an unknown name, bad syntax, a raw CLI line): one line to the person who typed it (Slack
    /// ephemeral, a short text reply in Teams, one line on the console), never a card. Recorded as an
    /// <see cref="AuditKind.Usage"/> event under the day, kept out of the incident's chain (its timeline and export);
    /// the conversation's incident is kept in the details. The audit append completes before the chat is told.
    /// </summary>
    public async Task<DialogResult> HintAsync(DialogContext context, string action, string reasonCode, string hint, CancellationToken cancellationToken, params (string Key, string Value)[] details)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["action"] = action,
            ["reason"] = reasonCode,
            ["message"] = Cut(hint, 400),
            ["conversation"] = Cut(InputValidator.Printable(context.Conversation.ConversationId), MaxValueLength),
            ["channelKind"] = context.Channel.Kind.ToString(),
            ["correlationId"] = context.CorrelationId,
        };
        if (context.Channel.Incident is { } incident)
        {
            map["incident"] = incident;
        }

        foreach (var (key, value) in details.Take(16))
        {
            map.TryAdd(key, Cut(InputValidator.Printable(value), MaxValueLength));
        }

        await audit.AppendAsync(new AuditEntry(AuditKind.Usage, context.Actor)
        {
            MessageLink = context.Conversation.Link,
            Details = map,
        }, cancellationToken);
        return DialogResult.Of(new OutboundMessage(OneLine(hint)) { Ephemeral = true, Attachable = false });
    }

    /// <summary>The hint as one line: line breaks folded to spaces.</summary>
    internal static string OneLine(string hint) =>
        string.Join(' ', hint.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Card actions answer only the clicker; typed commands answer the conversation.</summary>
    public static DialogResult Answer(DialogContext context, OutboundMessage message) =>
        DialogResult.Of(context.IsAction ? message with { Ephemeral = true } : message);

    /// <summary>
    /// A refusal answers only the person refused, whether they typed or pressed: it is never posted to the
    /// conversation (where a flood of refusals would crowd out everyone else's work).
    /// </summary>
    public static DialogResult Refusal(OutboundMessage message) => DialogResult.Of(message with { Ephemeral = true });

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max] + "…";
}
