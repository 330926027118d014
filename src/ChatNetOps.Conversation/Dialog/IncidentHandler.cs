namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;

/// <summary><c>incident open|close|show</c> and <c>timeline</c>.</summary>
internal sealed class IncidentHandler(
    IncidentService incidents,
    IIncidentStore store,
    IRequestStore requests,
    IDeviceLockStore locks,
    IncidentTimelineBuilder timelines,
    DenialRecorder denials,
    IncidentCards cards,
    RefusalCards refusals,
    IChangeRecordStore? changes = null)
{
    public async Task<DialogResult> OpenAsync(DialogContext context, string id, string title, int? severity, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await incidents.OpenAsync(id, title, severity, e.Actor, e.Email, context.Conversation, context.Channel, cancellationToken);
        return outcome switch
        {
            IncidentOutcome.Opened opened => await SummaryAsync(opened.Incident, $"{opened.Incident.Id} opened by {e.DisplayName}; this conversation is bound to it.", cancellationToken),
            IncidentOutcome.Bound bound => await SummaryAsync(bound.Incident, $"This conversation is bound to {bound.Incident.Id}.", cancellationToken),
            IncidentOutcome.Refused refused => Refused(context, refused.Message, id),
            _ => Closed(outcome),
        };
    }

    public async Task<DialogResult> CloseAsync(DialogContext context, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await incidents.CloseAsync(e.Actor, e.Email, context.Conversation, context.Channel, cancellationToken);
        return outcome switch
        {
            IncidentOutcome.Closed closed => await SummaryAsync(closed.Incident, $"{closed.Incident.Id} closed by {e.DisplayName}; this conversation is no longer bound to it.", cancellationToken),
            IncidentOutcome.Refused refused => Refused(context, refused.Message, context.Channel.Incident),
            _ => Closed(outcome),
        };
    }

    public async Task<DialogResult> ShowAsync(DialogContext context, string? id, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "incident show", cancellationToken);
        }

        id ??= context.Channel.Incident;
        if (id is null)
        {
            return DenialRecorder.Answer(context, OutboundMessage.Plain("This conversation is not bound to an incident; name one: incident show INC-1234."));
        }

        var incident = await store.GetAsync(id, cancellationToken);
        return incident is null
            ? DenialRecorder.Answer(context, OutboundMessage.Plain($"There is no incident {id}."))
            : DenialRecorder.Answer(context, (await SummaryAsync(incident, null, cancellationToken)).Messages[0]);
    }

    public async Task<DialogResult> TimelineAsync(DialogContext context, string? id, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "timeline", cancellationToken);
        }

        id ??= context.Channel.Incident;
        if (id is null)
        {
            return DenialRecorder.Answer(context, OutboundMessage.Plain("This conversation is not bound to an incident; name one: timeline INC-1234."));
        }

        var timeline = await timelines.BuildAsync(id, cancellationToken);
        return timeline.Incident is null && timeline.Events.Count == 0
            ? DenialRecorder.Answer(context, OutboundMessage.Plain($"Nothing is recorded for {timeline.IncidentId}."))
            : DenialRecorder.Answer(context, cards.Timeline(timeline));
    }

    private async Task<DialogResult> SummaryAsync(Incident incident, string? note, CancellationToken cancellationToken)
    {
        var runs = await requests.ListByIncidentAsync(incident.Id, cancellationToken);
        var held = await locks.ListAsync(cancellationToken);
        var ticket = changes is null ? null : await ChangeRecordStatus.DescribeAsync(changes, incident.Id, cancellationToken);
        var card = cards.IncidentSummary(incident, runs, held, ticket);
        return DialogResult.Of(note is null ? card : card with { Text = note + " " + card.Text });
    }

    private DialogResult Refused(DialogContext context, string message, string? incident) =>
        DenialRecorder.Refusal(refusals.Denied(new DenialView(message, "IncidentRefused", "see the reason above", context.CorrelationId) { Incident = incident }));

    private Task<DialogResult> NotInPolicyAsync(DialogContext context, string action, CancellationToken cancellationToken) =>
        denials.RefuseAsync(context, action, "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
            "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);

    private static DialogResult Closed(IncidentOutcome outcome) =>
        throw new InvalidOperationException($"Unhandled incident outcome {outcome.GetType().Name}; add it to {nameof(IncidentHandler)}.");
}
