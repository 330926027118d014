namespace ChatNetOps.Conversation.Dialog;

using System.Diagnostics;
using ChatNetOps.Conversation.Commands;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>
/// The conversation layer's entry point: one <see cref="ChatEvent"/> in, the messages to send out. Typed lines go
/// through the <see cref="CommandParser"/>, button presses through the card action verbs; each goes to one small
/// handler. Every adapter (Teams, Slack, the console) only translates to and from these types.
/// </summary>
public sealed partial class DialogService
{
    private readonly CommandParser _parser;
    private readonly InventoryCatalog _catalog;
    private readonly ChannelResolver _channels;
    private readonly IRequestStore _requests;
    private readonly IRequestCardStore _cards;
    private readonly ILogger<DialogService> _logger;
    private readonly HelpHandler _help;
    private readonly CatalogHandler _catalogHandler;
    private readonly RunHandler _run;
    private readonly StatusHandler _status;
    private readonly DecisionHandler _decisions;
    private readonly IncidentHandler _incidents;
    private readonly ActionHandler _actions;
    private readonly DenialRecorder _denials;
    private readonly ReportHandler _reports;
    private readonly ChangeHandler _changes;
    private readonly Notifications.RequestCardSignals? _cardSignals;

    internal DialogService(
        CommandParser parser,
        InventoryCatalog catalog,
        ChannelResolver channels,
        IRequestStore requests,
        IRequestCardStore cards,
        HelpHandler help,
        CatalogHandler catalogHandler,
        RunHandler run,
        StatusHandler status,
        DecisionHandler decisions,
        IncidentHandler incidents,
        ActionHandler actions,
        DenialRecorder denials,
        ILogger<DialogService> logger,
        ReportHandler reports,
        ChangeHandler changes,
        Notifications.RequestCardSignals? cardSignals = null)
    {
        _cardSignals = cardSignals;
        _changes = changes;
        _parser = parser;
        _catalog = catalog;
        _channels = channels;
        _requests = requests;
        _cards = cards;
        _help = help;
        _catalogHandler = catalogHandler;
        _run = run;
        _status = status;
        _decisions = decisions;
        _incidents = incidents;
        _actions = actions;
        _denials = denials;
        _logger = logger;
        _reports = reports;
    }

    /// <summary>
    /// Handles one event. Never throws for anything a user can send: a failure on our side answers with a plain
    /// message and a correlation id (also logged), never exception text.
    /// </summary>
    public async Task<DialogResult> HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        using var activity = Telemetry.Source.StartActivity(chatEvent.Action is null ? "dialog command" : "dialog action", ActivityKind.Internal);
        activity?.SetTag("chatnetops.platform", chatEvent.Platform.ToString());
        var correlationId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        try
        {
            return await DispatchAsync(chatEvent, correlationId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Log.Failed(_logger, e, correlationId, chatEvent.Platform.ToString(), chatEvent.Action?.Verb ?? "text");
            return DialogResult.Of(new OutboundMessage(
                $"Something went wrong on our side (correlation id {correlationId}). Check 'status' or 'locks' before trying again.")
            {
                Ephemeral = chatEvent.Action is not null,
            });
        }
    }

    /// <summary>
    /// Records which chat message shows a request's card (Slack ts, Teams activity id), so status changes and results
    /// update that message in place. Adapters call this after posting every message of a <see cref="DialogResult"/>
    /// that carries <see cref="OutboundMessage.RequestId"/>. The message is a record of its own
    /// (<see cref="RequestCard"/>): attaching it never touches the request, which the approver and the worker change.
    /// Does nothing for an unknown request. A severity proposal's card (its id, <c>INC-…/sevN</c>) is attached the same way.
    /// </summary>
    public async Task AttachMessageAsync(string requestId, string messageId, string? link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(messageId);
        if (Core.Incidents.SeverityProposal.IncidentOf(requestId) is not null)
        {
            await _incidents.AttachSeverityCardAsync(requestId, messageId, link, cancellationToken);
            return;
        }

        var request = await _requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        if (request is not null)
        {
            await _cards.SaveAsync(new RequestCard(request.Id, request.Origin.Platform, request.Origin.ConversationId, messageId) { Link = link }, cancellationToken);
            _cardSignals?.Attached(request.Id);
        }
    }

    /// <summary>Dispatch without the safety net, so tests (the fuzz test) see any exception.</summary>
    internal async Task<DialogResult> DispatchAsync(ChatEvent chatEvent, string correlationId, CancellationToken cancellationToken)
    {
        var match = _catalog.Policy.Match(chatEvent.Platform, chatEvent.UserId, chatEvent.Email);
        var channel = await _channels.ResolveAsync(chatEvent.Conversation, cancellationToken);
        var context = new DialogContext(chatEvent, match?.Member, channel, correlationId) { MatchedBy = match?.Method };
        if (chatEvent.Action is { } action)
        {
            return await _actions.HandleAsync(context, action, cancellationToken);
        }

        var command = _parser.Parse(chatEvent.Text);
        return command switch
        {
            ParsedCommand.Help help => _help.Handle(context, help.Runbook),
            ParsedCommand.Runbooks => await _catalogHandler.RunbooksAsync(context, cancellationToken),
            ParsedCommand.Devices devices => await _catalogHandler.DevicesAsync(context, devices.Group, cancellationToken),
            ParsedCommand.Locks => await _catalogHandler.LocksAsync(context, cancellationToken),
            ParsedCommand.Notify notify => await _catalogHandler.NotifyAsync(context, notify.Target, cancellationToken),
            ParsedCommand.Run run => await _run.HandleAsync(context, run.Runbook, run.Inputs, run.Incident, cancellationToken),
            ParsedCommand.Status { RequestId: null } => await _status.OpenRequestsAsync(context, cancellationToken),
            ParsedCommand.Status status => await _status.HandleAsync(context, status.RequestId, status.Json, cancellationToken),
            ParsedCommand.Cancel cancel => await _decisions.HandleAsync(context, DecisionHandler.Kind.Cancel, cancel.RequestId, null, cancellationToken),
            ParsedCommand.Approve approve => await _decisions.HandleAsync(context, DecisionHandler.Kind.Approve, approve.RequestId, null, cancellationToken),
            ParsedCommand.Reject reject => await _decisions.HandleAsync(context, DecisionHandler.Kind.Reject, reject.RequestId, reject.Reason, cancellationToken),
            ParsedCommand.IncidentOpen open => await _incidents.OpenAsync(context, open.IncidentId, open.Title, open.Severity, cancellationToken),
            ParsedCommand.IncidentClose close => await _incidents.CloseAsync(context, close.Resolution, cancellationToken, close.Incident),
            ParsedCommand.IncidentShow show => await _incidents.ShowAsync(context, show.IncidentId, cancellationToken),
            ParsedCommand.IncidentAttach attach => await _incidents.AttachAsync(context, attach.RequestId, cancellationToken),
            ParsedCommand.IncidentSeverity severity => await _incidents.ProposeSeverityAsync(context, severity.IncidentId, severity.Severity, cancellationToken),
            ParsedCommand.Timeline timeline => await _incidents.TimelineAsync(context, timeline.IncidentId, timeline.Page, cancellationToken),
            ParsedCommand.Report report => await _reports.HandleAsync(context, report.Days, cancellationToken),
            ParsedCommand.ChangeOpen open => await _changes.OpenAsync(context, open, cancellationToken),
            ParsedCommand.ChangeClose close => await _changes.CloseAsync(context, close.Id, cancellationToken),
            ParsedCommand.ChangeShow show => await _changes.ShowAsync(context, show.Id, cancellationToken),
            ParsedCommand.ChangeList => await _changes.ListAsync(context, cancellationToken),
            ParsedCommand.Invalid invalid => await _denials.HintAsync(context, "parse", invalid.Reason, invalid.Message,
                cancellationToken, ("text", chatEvent.Text ?? string.Empty)),
            _ => throw new InvalidOperationException($"Unhandled command {command.GetType().Name}; add it to {nameof(DialogService)}."),
        };
    }
}
