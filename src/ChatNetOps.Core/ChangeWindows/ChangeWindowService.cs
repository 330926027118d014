namespace ChatNetOps.Core.ChangeWindows;

using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Change windows as records: <c>change open</c> binds a window to its conversation, a member of the roles the policy
/// names acknowledges (or rejects) it as a decision of kind <see cref="DecisionKind.ChangeWindowAcknowledgement"/> under
/// <see cref="DecisionRules"/> (never its opener; one of racing decisions wins and the others are told who), and the
/// clock moves it Scheduled → Open → Closed. The state is evaluated on read from the window's times; the moments it
/// opens and ends are recorded in its chain by whoever reads it first after them (a run, a command, or
/// <see cref="SweepAsync"/>). Every step is in the window's own chain (partitioned by its id, like an incident's)
/// before this returns. A standing window from a policy binding is read, never stored.
/// </summary>
public sealed partial class ChangeWindowService(
    IChangeWindowStore store,
    IIncidentStore incidents,
    IAuditLog audit,
    InventoryCatalog catalog,
    ChannelResolver channels,
    IOptions<ChangeWindowOptions> options,
    TimeProvider time,
    ILogger<ChangeWindowService> logger,
    IChangeTicketing? changeTicketing = null)
{
    private readonly IChangeTicketing? _ticketing = changeTicketing is { Enabled: true } ? changeTicketing : null;

    private const int MaxSummaryLength = 200;

    private readonly ChangeWindowOptions _options = options.Value;

    /// <summary>Whether windows reference or create changes in a ticketing system (<c>ChangeRecords:Sink</c>).</summary>
    public string? TicketingSystem => _ticketing?.System;

    /// <summary><c>change open</c>: opens <paramref name="draft"/> bound to <paramref name="conversation"/> (as the event resolved it, <paramref name="channel"/>).</summary>
    public async Task<ChangeWindowOutcome> OpenAsync(ChangeWindowDraft draft, Actor actor, string? email, ConversationRef conversation, ChannelContext channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(channel);
        var match = catalog.Policy.Match(actor.Platform, actor.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(null, actor, DenialReason.UnknownUser, $"{actor.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        var member = match.Member;
        actor = match.Apply(actor);
        var isNew = string.Equals(draft.Id, ChangeWindowDraft.New, StringComparison.OrdinalIgnoreCase);
        var id = draft.Id.Trim().ToUpperInvariant();
        if (!isNew && !ChangeWindowRules.IsValidId(id))
        {
            return await RefuseAsync(null, actor, DenialReason.InvalidInput,
                $"'{InputValidator.Printable(draft.Id)}' is not a change id; use a form like CHG-2001{(_ticketing is null ? string.Empty : $", a {_ticketing.System} number like CHG0031234, or 'new'")}.", conversation, cancellationToken);
        }

        if (isNew && _ticketing is null)
        {
            return await RefuseAsync(null, actor, DenialReason.InvalidInput,
                "'change open new' creates the change in the ticketing system, and none is configured (ChangeRecords:Sink); name the change: change open CHG-3001 …", conversation, cancellationToken);
        }

        if (conversation.Kind == ChannelKind.Direct)
        {
            return await RefuseAsync(null, actor, DenialReason.WrongChannel, "A direct message cannot be bound to a change window; open it in the change's channel or group chat.", conversation, cancellationToken);
        }

        if (!catalog.Policy.MayManageIncidents(member, channel.Kind))
        {
            return await RefuseAsync(null, actor, DenialReason.NotGranted,
                $"Your roles ({string.Join(", ", member.Roles)}) do not allow binding {channel.Kind.Describe()} to a change window (the incident action).", conversation, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (catalog.Policy.FindBinding(conversation.Platform, conversation.ConversationId, now) is { } binding)
        {
            return await RefuseAsync(null, actor, DenialReason.WrongChannel,
                $"This conversation is bound by policy to {binding.Incident ?? binding.ChangeWindow}; it cannot be bound to a change window.", conversation, cancellationToken);
        }

        if (channel.Incident is not null)
        {
            return await RefuseAsync(null, actor, DenialReason.WrongChannel,
                $"This conversation is bound to {channel.Incident}; open the change window in its own conversation.", conversation, cancellationToken);
        }

        if (await store.FindLatestByConversationAsync(conversation.Platform, conversation.ConversationId, cancellationToken) is { } current
            && current.StateAt(now) != ChangeWindowState.Closed)
        {
            return await RefuseAsync(null, actor, DenialReason.WrongChannel,
                $"This conversation is already bound to {current.Id} ({current.DescribeTimes()}); close it first with 'change close {current.Id}'.", conversation, cancellationToken);
        }

        var problem = CheckDraft(draft, now);
        if (problem is not null)
        {
            return await RefuseAsync(null, actor, DenialReason.InvalidInput, problem, conversation, cancellationToken);
        }

        ChangeTicket? ticket = null;
        if (_ticketing is not null && (isNew || IsTicketNumber(id)))
        {
            try
            {
                ticket = isNew ? await _ticketing.CreateAsync(draft, actor.ToString(), cancellationToken) : await _ticketing.FindAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ChatNetOps.Core.ChangeRecords.ChangeRecordException && !cancellationToken.IsCancellationRequested)
            {
                Log.ChangeTicketFailed(logger, e, _ticketing.System, isNew ? "create" : id);
                return await RefuseAsync(null, actor, DenialReason.InvalidInput,
                    $"{_ticketing.System} could not be reached to {(isNew ? "create the change" : "look up " + id)}; nothing was opened. Try again in a minute.", conversation, cancellationToken);
            }

            if (ticket is null)
            {
                return await RefuseAsync(null, actor, DenialReason.UnknownChangeWindow, $"{_ticketing.System} has no change {id}; check the number or say 'change open new …'.", conversation, cancellationToken);
            }

            id = ticket.Number.ToUpperInvariant();
            if (!ChangeWindowRules.IsValidId(id))
            {
                return await RefuseAsync(null, actor, DenialReason.InvalidInput, $"{_ticketing.System} answered with an unusable change number '{InputValidator.Printable(ticket.Number)}'.", conversation, cancellationToken);
            }
        }

        // A window's id names its audit partition, as an incident's does: never one an incident already has.
        if (await incidents.GetAsync(id, cancellationToken) is not null || catalog.Policy.BindingsOf(id).Any())
        {
            return await RefuseAsync(null, actor, DenialReason.InvalidInput, $"{id} is an incident; give the change window its own id.", conversation, cancellationToken);
        }

        // Nor one policy.yaml declares as a standing window, nor one opened before: one id, one window, one audit history.
        if (catalog.Policy.ChangeWindowBindingsOf(id).FirstOrDefault() is { } standing)
        {
            return await RefuseAsync(null, actor, DenialReason.InvalidInput,
                $"{id} is a standing change window declared in policy.yaml (bindings: {standing.Platform.ToString().ToLowerInvariant()} {standing.ConversationId}); give this change window its own id.", conversation, cancellationToken);
        }

        if (await store.GetAsync(id, cancellationToken) is { } existing)
        {
            return await RefuseAsync(null, actor, DenialReason.InvalidInput, AlreadyExists(existing, now), conversation, cancellationToken);
        }

        var scope = new ChangeWindowScope([.. draft.Devices.Select(d => catalog.FindDevice(d)!.Name).Distinct(StringComparer.OrdinalIgnoreCase)], draft.Group);
        var window = new ChangeWindow(id, draft.Summary.Trim(), draft.Start, draft.End, scope, actor,
            conversation with { Kind = ChannelKind.ChangeWindow, BoundTo = id }, now)
        {
            Ticket = ticket,
        };
        var created = await store.TryCreateAsync(window, cancellationToken);
        if (created is null)
        {
            return await RefuseAsync(null, actor, DenialReason.InvalidInput,
                await store.GetAsync(id, cancellationToken) is { } raced ? AlreadyExists(raced, now) : $"{id} already exists; a change window is opened once. See it with 'change show {id}'.", conversation, cancellationToken);
        }

        var details = Details(created, ("summary", created.Summary), ("conversation", conversation.ConversationId), ("platform", conversation.Platform.ToString()));
        if (ticket is not null)
        {
            details["ticketSystem"] = ticket.System;
            details["ticketKey"] = ticket.Key;
            details["ticketType"] = ticket.Type;
            details["ticketCreated"] = isNew ? "true" : "false";
        }

        await AppendAsync(AuditKind.ChangeWindowOpened, actor, created, details, cancellationToken);
        return new ChangeWindowOutcome.Opened(created, AcknowledgersFor(created, ChannelKind.ChangeWindow));
    }

    /// <summary>
    /// Acknowledge (<paramref name="acknowledge"/>) or reject the window whose hash is <paramref name="hash"/> (what the
    /// card showed). A rejected window is closed.
    /// </summary>
    public async Task<ChangeWindowOutcome> DecideAsync(string id, string hash, bool acknowledge, Actor decider, string? email, ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(conversation);
        var window = ChangeWindowRules.IsValidId(id.ToUpperInvariant()) ? await store.GetAsync(id.ToUpperInvariant(), cancellationToken) : null;
        if (window is null)
        {
            return await RefuseAsync(null, decider, DenialReason.UnknownChangeWindow, $"There is no change window {InputValidator.Printable(id)}.", conversation, cancellationToken);
        }

        var match = catalog.Policy.Match(decider.Platform, decider.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(window, decider, DenialReason.UnknownUser, $"{decider.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        decider = match.Apply(decider);
        while (true)
        {
            if (window.Acknowledgement is not null)
            {
                return new ChangeWindowOutcome.AlreadyDecided(window);
            }

            var now = time.GetUtcNow();
            var refusal = DecisionRules.Check(window.Subject, match.Member, decider, conversation, now, hash);
            if (refusal is null && window.StateAt(now) == ChangeWindowState.Closed)
            {
                return new ChangeWindowOutcome.NotPending(window, $"{window.Id} is closed; nothing waits for acknowledgement.");
            }

            refusal = refusal switch
            {
                { Reason: DenialReason.WrongConversation } => refusal with { Message = $"{window.Id} is acknowledged in the conversation it was opened in." },
                { Reason: DenialReason.SelfApproval } => refusal with { Message = $"You opened {window.Id}; someone else must acknowledge it." },
                { Reason: DenialReason.DecisionExpired } => refusal with { Message = $"{window.Id} ended at {window.End.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}; it can no longer be acknowledged." },
                { Reason: DenialReason.SubjectChanged } => refusal with { Message = $"{window.Id} is not what the card showed; acknowledge it from its current card ('change show {window.Id}')." },
                _ => refusal,
            };
            if (refusal is null && !catalog.Policy.MayAcknowledgeChangeWindow(match.Member, (await channels.ResolveAsync(conversation, cancellationToken)).Kind))
            {
                refusal = new DecisionRefusal(DenialReason.NotAcknowledgerRole,
                    $"A change window is acknowledged by {Acknowledgers()}; your roles ({string.Join(", ", match.Member.Roles)}) are not among them.");
            }

            if (refusal is not null)
            {
                return await RefuseAsync(window, decider, refusal.Reason, refusal.Message, conversation, cancellationToken);
            }

            var decision = new Decision(decider, now, acknowledge, null, window.Hash) { Kind = DecisionKind.ChangeWindowAcknowledgement };
            var decided = window with { Acknowledgement = decision };
            if (!acknowledge)
            {
                decided = decided with { ClosedAt = now, ClosedBy = decider, CloseReason = "rejected" };
            }

            var stored = await store.TryReplaceAsync(decided, window.ETag!, cancellationToken);
            if (stored is null)
            {
                // Lost the race (or the clock recorded a transition): decide again against what is stored now.
                window = await store.GetAsync(window.Id, cancellationToken) ?? window;
                continue;
            }

            await AppendAsync(acknowledge ? AuditKind.ChangeWindowAcknowledged : AuditKind.ChangeWindowRejected, decider, stored,
                Details(stored, ("openedBy", stored.OpenedBy.ToString())), cancellationToken);
            return new ChangeWindowOutcome.Decided(stored);
        }
    }

    /// <summary><c>change close CHG-…</c>: its opener, or a member who may manage incidents here, closes it early in its conversation.</summary>
    public async Task<ChangeWindowOutcome> CloseAsync(string? id, Actor actor, string? email, ConversationRef conversation, ChannelContext channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(channel);
        var match = catalog.Policy.Match(actor.Platform, actor.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(null, actor, DenialReason.UnknownUser, $"{actor.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        actor = match.Apply(actor);
        var name = (id ?? channel.ChangeWindow)?.ToUpperInvariant();
        if (name is null)
        {
            return await RefuseAsync(null, actor, DenialReason.UnknownChangeWindow, "This conversation is not bound to a change window; name one: change close CHG-3001.", conversation, cancellationToken);
        }

        var window = ChangeWindowRules.IsValidId(name) ? await store.GetAsync(name, cancellationToken) : null;
        if (window is null)
        {
            var standing = catalog.Policy.Bindings.Any(b => string.Equals(b.ChangeWindow, name, StringComparison.OrdinalIgnoreCase));
            return await RefuseAsync(null, actor, DenialReason.UnknownChangeWindow, standing
                ? $"{name} is a standing window declared in policy.yaml (bindings); it ends at its valid_until and is changed there."
                : $"There is no change window {InputValidator.Printable(name)}.", conversation, cancellationToken);
        }

        if (!window.Conversation.IsSameAs(conversation))
        {
            return await RefuseAsync(window, actor, DenialReason.WrongConversation, $"{window.Id} is closed in the conversation it is bound to.", conversation, cancellationToken);
        }

        var opener = string.Equals(match.Member.Id, window.OpenedBy.MemberId, StringComparison.OrdinalIgnoreCase);
        if (!opener && !catalog.Policy.MayManageIncidents(match.Member, channel.Kind))
        {
            return await RefuseAsync(window, actor, DenialReason.NotGranted,
                $"Only {window.OpenedBy.DisplayName}, who opened {window.Id}, or a member granted the incident action here closes it.", conversation, cancellationToken);
        }

        while (true)
        {
            window = await RefreshAsync(window, cancellationToken);
            var now = time.GetUtcNow();
            if (window.StateAt(now) == ChangeWindowState.Closed)
            {
                return new ChangeWindowOutcome.NotPending(window, $"{window.Id} is already closed ({window.CloseReason ?? "ended"}).");
            }

            var stored = await store.TryReplaceAsync(window with { ClosedAt = now, ClosedBy = actor, CloseReason = "closed" }, window.ETag!, cancellationToken);
            if (stored is null)
            {
                window = await store.GetAsync(window.Id, cancellationToken) ?? window;
                continue;
            }

            await AppendAsync(AuditKind.ChangeWindowClosed, actor, stored, Details(stored, ("reason", "closed")), cancellationToken);
            return new ChangeWindowOutcome.Closed(stored);
        }
    }

    /// <summary>The window (stored, with its transitions recorded up to now), or null.</summary>
    public async Task<ChangeWindow?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var name = id.Trim().ToUpperInvariant();
        if (!ChangeWindowRules.IsValidId(name))
        {
            return null;
        }

        var window = await store.GetAsync(name, cancellationToken);
        return window is null ? null : await RefreshAsync(window, cancellationToken);
    }

    /// <summary>
    /// The window a conversation resolved to a change-window channel is bound to: a standing window from a policy
    /// binding, or the stored record (transitions recorded up to now); null when it is bound to none.
    /// </summary>
    public async Task<ChangeWindow?> ForConversationAsync(ConversationRef conversation, string? windowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (windowId is null)
        {
            return null;
        }

        var binding = catalog.Policy.Bindings.FirstOrDefault(b =>
            b.Platform == conversation.Platform
            && string.Equals(b.ConversationId, conversation.ConversationId, StringComparison.Ordinal)
            && string.Equals(b.ChangeWindow, windowId, StringComparison.OrdinalIgnoreCase));
        if (binding is not null)
        {
            return ChangeWindow.Standing(binding);
        }

        var window = await FindAsync(windowId, cancellationToken);
        return window is not null && window.Conversation.IsSameAs(conversation) ? window : null;
    }

    /// <summary>Windows for <c>change list</c>: the active ones and the recently closed, newest first.</summary>
    public async Task<IReadOnlyList<ChangeWindow>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var recent = await store.ListRecentAsync(limit, cancellationToken);
        var refreshed = new List<ChangeWindow>(recent.Count);
        foreach (var window in recent)
        {
            refreshed.Add(await RefreshAsync(window, cancellationToken));
        }

        return refreshed;
    }

    /// <summary>The members who may acknowledge <paramref name="window"/> from a channel of <paramref name="kind"/>: never its opener.</summary>
    public IReadOnlyList<Member> AcknowledgersFor(ChangeWindow window, ChannelKind kind)
    {
        ArgumentNullException.ThrowIfNull(window);
        return [.. catalog.Policy.Members.Where(m =>
            !string.Equals(m.Id, window.OpenedBy.MemberId, StringComparison.OrdinalIgnoreCase) && catalog.Policy.MayAcknowledgeChangeWindow(m, kind))];
    }

    /// <summary>Records every transition the clock has made in active windows (opened at start, ended at end); the sweeper calls it.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var window in await store.ListActiveAsync(cancellationToken))
        {
            var refreshed = await RefreshAsync(window, cancellationToken);
            changed += ReferenceEquals(refreshed, window) ? 0 : 1;
        }

        return changed;
    }

    /// <summary>
    /// Records the transitions the clock made since the window was last written: <see cref="AuditKind.ChangeWindowStarted"/>
    /// once its start has passed, and <see cref="AuditKind.ChangeWindowClosed"/> (reason <c>ended</c>) once its end has.
    /// One conditional write each; whoever loses the race reads what the winner recorded.
    /// </summary>
    public async Task<ChangeWindow> RefreshAsync(ChangeWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        while (!window.IsStanding && window.ClosedAt is null && window.ETag is not null)
        {
            var now = time.GetUtcNow();
            var opens = !window.OpenRecorded && now >= window.Start;
            var ends = now >= window.End;
            if (!opens && !ends)
            {
                return window;
            }

            var next = window with { OpenRecorded = window.OpenRecorded || opens };
            if (ends)
            {
                next = next with { ClosedAt = window.End, CloseReason = "ended" };
            }

            var stored = await store.TryReplaceAsync(next, window.ETag, cancellationToken);
            if (stored is null)
            {
                window = await store.GetAsync(window.Id, cancellationToken) ?? window;
                continue;
            }

            if (opens)
            {
                await AppendAsync(AuditKind.ChangeWindowStarted, Actor.System, stored, Details(stored, ("at", Iso(stored.Start)), ("acknowledged", stored.IsAcknowledged ? "true" : "false")), cancellationToken);
            }

            if (ends)
            {
                await AppendAsync(AuditKind.ChangeWindowClosed, Actor.System, stored, Details(stored, ("reason", "ended"), ("at", Iso(stored.End))), cancellationToken);
            }

            return stored;
        }

        return window;
    }

    private string? CheckDraft(ChangeWindowDraft draft, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(draft.Summary) || draft.Summary.Trim().Length > MaxSummaryLength || draft.Summary.Any(char.IsControl))
        {
            return $"A change window needs a summary of 1 to {MaxSummaryLength} printable characters, in quotes.";
        }

        if (draft.End <= draft.Start)
        {
            return "A change window's end must be after its start.";
        }

        if (draft.End <= now)
        {
            return $"That window ended already (end={Iso(draft.End)}); give an end in the future.";
        }

        if (draft.End - draft.Start > _options.MaxDuration)
        {
            return $"A change window may last at most {_options.MaxDuration.TotalHours.ToString(CultureInfo.InvariantCulture)} hours (ChangeWindows:MaxDuration).";
        }

        if ((draft.Devices.Count == 0) == (draft.Group is null))
        {
            return "Name the window's scope with exactly one of devices=a,b or group=<name>.";
        }

        if (draft.Devices.Count > _options.MaxDevices)
        {
            return $"A change window names at most {_options.MaxDevices} devices; use group=<name> for more.";
        }

        if (draft.Devices.FirstOrDefault(d => catalog.FindDevice(d) is null) is { } unknown)
        {
            return $"There is no device '{InputValidator.Printable(unknown)}' in the inventory.";
        }

        if (draft.Group is not null && !catalog.Devices.Any(d => d.InGroup(draft.Group)))
        {
            return $"No device is in group '{InputValidator.Printable(draft.Group)}'.";
        }

        if (draft.Type is not null && draft.Type is not ("normal" or "standard"))
        {
            return "type= is normal or standard.";
        }

        return draft.Type == "standard" && string.IsNullOrWhiteSpace(draft.Template)
            ? "A standard change is created from its template: give template=<name>."
            : null;
    }

    private static bool IsTicketNumber(string id) => !id.Contains('-', StringComparison.Ordinal);

    private string Acknowledgers() => catalog.Policy.ChangeWindowAcknowledgerRoles.Count == 0
        ? "a member granted the incident action here"
        : "a member with the role " + string.Join(" or ", catalog.Policy.ChangeWindowAcknowledgerRoles);

    /// <summary>The refusal of a second <c>change open</c> of a stored id: where and by whom it was opened, and its state.</summary>
    private static string AlreadyExists(ChangeWindow existing, DateTimeOffset now)
    {
        var state = existing.StateAt(now) switch
        {
            ChangeWindowState.Closed => ChangeWindowRules.HowClosed(existing),
            ChangeWindowState.Open => "is open",
            _ => "is scheduled",
        };
        return $"{existing.Id} already exists: opened by {existing.OpenedBy.DisplayName} in {existing.Conversation.Platform} conversation {existing.Conversation.ConversationId} "
            + $"({existing.DescribeTimes()}) and {state}. A change window is opened once; give this one its own id, or see that one with 'change show {existing.Id}'.";
    }

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Details(ChangeWindow window, params (string Key, string Value)[] extra)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["decisionKind"] = nameof(DecisionKind.ChangeWindowAcknowledgement),
            ["changeWindow"] = window.Id,
            ["start"] = Iso(window.Start),
            ["end"] = Iso(window.End),
            ["scope"] = window.Scope.Describe(),
            ["hash"] = window.Hash,
        };
        if (window.Ticket is { } ticket)
        {
            details["ticket"] = ticket.Number;
        }

        foreach (var (key, value) in extra)
        {
            details[key] = value;
        }

        return details;
    }

    private async Task<ChangeWindowOutcome> RefuseAsync(ChangeWindow? window, Actor actor, DenialReason reason, string message, ConversationRef conversation, CancellationToken cancellationToken)
    {
        // A refusal is in the window's chain only when the window exists, so a made-up id never gets a partition.
        await audit.AppendAsync(new AuditEntry(AuditKind.Denied, actor)
        {
            Incident = window?.Id,
            MessageLink = conversation.Link,
            Details = new Dictionary<string, string>
            {
                ["action"] = "change",
                ["reason"] = reason.ToString(),
                ["message"] = message,
            },
        }, cancellationToken);
        return new ChangeWindowOutcome.Refused(reason, message);
    }

    private Task<AuditEvent> AppendAsync(AuditKind kind, Actor actor, ChangeWindow window, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(kind, actor) { Incident = window.Id, MessageLink = window.Conversation.Link, Details = details }, cancellationToken);
}
