namespace ChatNetOps.Conversation.Rendering;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Policy;
using static ChatNetOps.Conversation.Rendering.CardData;

/// <summary>A change window's card (one template per decision kind: the acknowledgement's), and the plain list of <c>change list</c>.</summary>
internal sealed class ChangeWindowCards(CardTemplates templates)
{
    public OutboundMessage Window(ChangeWindow window, IReadOnlyList<Member> acknowledgers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(acknowledgers);
        var state = window.StateAt(now);
        var acknowledgement = window.Acknowledgement switch
        {
            null => state == ChangeWindowState.Closed ? "closed" : "pending",
            { Approved: true } => "acknowledged",
            _ => "rejected",
        };
        var names = acknowledgers.Count == 0 ? "nobody (no member holds an acknowledging role here)" : string.Join(", ", acknowledgers.Select(m => m.DisplayName));
        var data = new JsonObject
        {
            ["windowId"] = window.Id,
            ["summary"] = window.Summary,
            ["state"] = state.ToString(),
            ["times"] = window.DescribeTimes(),
            ["acknowledgement"] = acknowledgement,
            ["openedBy"] = Person(window.OpenedBy),
            ["acknowledgers"] = names,
            ["scope"] = window.Scope.Describe(),
            ["ticket"] = window.Ticket is { } ticket ? $"{ticket.System} {ticket.Number} ({ticket.Type}){(ticket.Link is null ? string.Empty : " " + ticket.Link)}" : "none",
            ["hash"] = window.Hash,
        };
        if (window.Acknowledgement is { } decision)
        {
            data["decidedBy"] = Person(decision.By);
        }

        if (state == ChangeWindowState.Closed && window.Acknowledgement is not { Approved: false })
        {
            // Closed: who closed it and when (or that it ended), not what runs "while it is open".
            data["closed"] = $"{window.Id} {ChangeWindowRules.HowClosed(window)}{(window.Acknowledgement is { } ack ? $" (acknowledged by {ack.By.DisplayName})" : string.Empty)}; nothing new runs in it.";
        }

        var text = window.Acknowledgement switch
        {
            null when state != ChangeWindowState.Closed => $"{window.Id} ({window.Summary}) is {state.ToString().ToLowerInvariant()} for {window.DescribeTimes()} on {window.Scope.Describe()}; it waits for acknowledgement by someone other than {window.OpenedBy.DisplayName}: {names}.",
            { Approved: true } d => $"{window.Id} ({window.Summary}) is {state.ToString().ToLowerInvariant()} for {window.DescribeTimes()} on {window.Scope.Describe()}; acknowledged by {d.By.DisplayName}.",
            { Approved: false } d => $"{window.Id} ({window.Summary}) was rejected by {d.By.DisplayName}; nothing runs in it.",
            _ => $"{window.Id} ({window.Summary}) closed without an acknowledgement ({window.DescribeTimes()}).",
        };
        return templates.CardMessage(CardNames.ChangeWindow, data, text);
    }

    public static OutboundMessage List(IReadOnlyList<ChangeWindow> windows, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0)
        {
            return OutboundMessage.Plain("No change window has been opened yet. Open one with: change open CHG-3001 \"summary\" start=… end=… devices=…|group=…");
        }

        var lines = windows.Select(w =>
            $"{w.Id}: {w.Summary} · {w.StateAt(now)} · {w.DescribeTimes()} · {w.Scope.Describe()} · {(w.Acknowledgement is null ? "not acknowledged" : w.Acknowledgement.Approved ? "acknowledged by " + w.Acknowledgement.By.DisplayName : "rejected by " + w.Acknowledgement.By.DisplayName)}");
        return OutboundMessage.Plain("Change windows (newest first):\n" + string.Join('\n', lines));
    }
}
