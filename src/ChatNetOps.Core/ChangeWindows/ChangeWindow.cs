namespace ChatNetOps.Core.ChangeWindows;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// A planned change as a record: opened in a conversation with <c>change open</c>, bound to it, acknowledged by a member
/// of the roles the policy names (a decision of kind <see cref="DecisionKind.ChangeWindowAcknowledgement"/>), and open
/// between <see cref="Start"/> and <see cref="End"/>. Its events are in its own audit chain, partitioned by its id like an
/// incident's. A standing window read from a policy binding (<see cref="IsStanding"/>) is never stored and is always
/// acknowledged.
/// </summary>
/// <param name="Id">The change's id (<c>CHG-2001</c>, or a ServiceNow number such as <c>CHG0031234</c>).</param>
/// <param name="Conversation">The conversation it is bound to, where it was opened and is acknowledged.</param>
public sealed record ChangeWindow(
    string Id,
    string Summary,
    DateTimeOffset Start,
    DateTimeOffset End,
    ChangeWindowScope Scope,
    Actor OpenedBy,
    ConversationRef Conversation,
    DateTimeOffset OpenedAt)
{
    /// <summary>The acknowledgement (approved) or rejection, once decided.</summary>
    public Decision? Acknowledgement { get; init; }

    /// <summary>Who closed it early (<c>change close</c>) or rejected it; null when it ended at its end.</summary>
    public Actor? ClosedBy { get; init; }

    /// <summary>When it was recorded closed: at its end, when closed, or when rejected.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Why it closed: <c>ended</c>, <c>closed</c> or <c>rejected</c>.</summary>
    public string? CloseReason { get; init; }

    /// <summary>Whether its opening at <see cref="Start"/> is recorded in its chain (set once, by whoever notices first).</summary>
    public bool OpenRecorded { get; init; }

    /// <summary>The change in the ticketing system behind it (ServiceNow), when <c>ChangeRecords:Sink</c> names one.</summary>
    public ChangeTicket? Ticket { get; init; }

    /// <summary>A window read from a <c>bindings:</c> entry of policy.yaml: always acknowledged, covers any device, never stored.</summary>
    public bool IsStanding { get; init; }

    /// <summary>Concurrency token assigned by the store; null before the first write.</summary>
    public string? ETag { get; init; }

    /// <summary>The hash an acknowledgement binds: id, summary, times, scope, who opened it and when.</summary>
    public string Hash
    {
        get
        {
            var text = string.Join('\n',
                "change-window", Id, Summary,
                Start.UtcTicks.ToString(CultureInfo.InvariantCulture), End.UtcTicks.ToString(CultureInfo.InvariantCulture),
                string.Join(',', Scope.Devices.Select(d => d.ToLowerInvariant()).Order(StringComparer.Ordinal)), Scope.Group?.ToLowerInvariant() ?? string.Empty,
                OpenedBy.Platform.ToString(), OpenedBy.UserId, OpenedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <summary>The acknowledgement as a decision subject: asked where it was opened, by its opener, until it ends.</summary>
    public DecisionSubject Subject => new(DecisionKind.ChangeWindowAcknowledgement, Id, OpenedBy, Conversation, End, Hash);

    public bool IsAcknowledged => IsStanding || Acknowledgement is { Approved: true };

    /// <summary>Its state at <paramref name="now"/>: closed once closed or past its end, open from its start.</summary>
    public ChangeWindowState StateAt(DateTimeOffset now) =>
        ClosedAt is not null || now >= End ? ChangeWindowState.Closed
        : now >= Start ? ChangeWindowState.Open
        : ChangeWindowState.Scheduled;

    /// <summary>Its times in words, for refusals: <c>2026-11-23 10:00Z–12:00Z</c>.</summary>
    public string DescribeTimes() => IsStanding
        ? "a standing window from policy"
        : $"{Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z–{End.UtcDateTime.ToString(End.UtcDateTime.Date == Start.UtcDateTime.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z";

    /// <summary>A standing window from a policy binding of a conversation to <see cref="ChannelBinding.ChangeWindow"/>.</summary>
    public static ChangeWindow Standing(ChannelBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var conversation = new ConversationRef(binding.Platform, binding.ConversationId, ChannelKind.ChangeWindow) { BoundTo = binding.ChangeWindow };
        return new ChangeWindow(binding.ChangeWindow ?? binding.ConversationId, "standing change window (policy.yaml bindings)",
            binding.ValidFrom ?? DateTimeOffset.MinValue, binding.ValidUntil ?? DateTimeOffset.MaxValue, ChangeWindowScope.Everything, Actor.System, conversation, DateTimeOffset.MinValue)
        {
            IsStanding = true,
            Acknowledgement = new Decision(Actor.System, DateTimeOffset.MinValue, true, "acknowledged by policy (bindings)", string.Empty) { Kind = DecisionKind.ChangeWindowAcknowledgement },
        };
    }
}
