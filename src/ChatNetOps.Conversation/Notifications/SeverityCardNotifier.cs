namespace ChatNetOps.Conversation.Notifications;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Updates a severity proposal's card in place once it expired unanswered (the sweeper, or a late press, announced it with
/// <see cref="Core.Queues.ResultKind.DecisionExpired"/>): the card then says it expired, when, and that nothing was decided,
/// and offers Confirm no more. The same port as a request's card (<see cref="IChatChannel.UpdateAsync"/>: Teams PUT
/// activity, Slack chat.update, the console); a card nobody attached, or one whose update fails, is posted instead.
/// </summary>
/// <remarks>
/// The chat channels are resolved at the first update, not at construction, for the reason <see cref="LockReleaseNotifier"/>
/// gives (Slack's channel is built on the dialog).
/// </remarks>
internal sealed class SeverityCardNotifier(IIncidentStore incidents, IRequestCardStore cardMessages, IncidentCards cards, IServiceProvider services, ILogger<SeverityCardNotifier> logger)
{
    private IReadOnlyList<IChatChannel>? _resolved;

    private IReadOnlyList<IChatChannel> Channels => _resolved ??= [.. services.GetServices<IChatChannel>()];

    /// <summary>Shows proposal <paramref name="proposalId"/> as it is stored now; does nothing unless it expired with nothing decided.</summary>
    public async Task ExpiredAsync(string proposalId, CancellationToken cancellationToken)
    {
        var incident = SeverityProposal.IncidentOf(proposalId) is { } id ? await incidents.GetAsync(id, cancellationToken) : null;
        if (incident is null)
        {
            Log.UnknownRequest(logger, proposalId);
            return;
        }

        if (incident.DecidedSeverity is not { Decision: null, ExpiredAt: not null } proposal || !string.Equals(proposal.Id, proposalId, StringComparison.Ordinal))
        {
            // Proposed again meanwhile: its card shows the newer proposal, which this expiry is not about.
            return;
        }

        var channel = Channels.FirstOrDefault(c => c.Platform == proposal.AskedIn.Platform);
        if (channel is null)
        {
            Log.NoChannel(logger, proposalId, proposal.AskedIn.Platform.ToString());
            return;
        }

        var card = cards.SeverityConfirmation(proposal, []);
        if (await cardMessages.GetAsync(proposal.Id, cancellationToken) is { MessageId: var messageId })
        {
            try
            {
                await channel.UpdateAsync(proposal.AskedIn, messageId, card with { ReplaceMessageId = messageId }, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.UpdateFailed(logger, e, proposalId, messageId);
            }
        }

        var posted = await channel.SendAsync(proposal.AskedIn, card with { ReplaceMessageId = null }, cancellationToken);
        await cardMessages.SaveAsync(new RequestCard(proposal.Id, proposal.AskedIn.Platform, proposal.AskedIn.ConversationId, posted), cancellationToken);
    }
}
