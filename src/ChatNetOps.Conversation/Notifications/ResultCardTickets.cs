namespace ChatNetOps.Conversation.Notifications;

using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// When an incident's change record comes to exist (the change-record dispatcher created or found it), the result cards
/// of the incident's runs that were posted before it are updated in place to show its link. The
/// <see cref="ResultNotifier"/> keeps where each result card is in the <see cref="IRequestCardStore"/>, under
/// <see cref="Key"/> (the request card keeps the request id). A card that cannot be updated is logged and left as it is.
/// </summary>
/// <remarks>The chat channels are resolved on first use, as in <see cref="LockReleaseNotifier"/> (a channel is built on the dialog).</remarks>
internal sealed class ResultCardTickets(
    IRequestStore requests,
    IOutputStore outputs,
    IRequestCardStore cards,
    IChangeRecordStore changes,
    RequestCards render,
    IServiceProvider services,
    ILogger<ResultCardTickets> logger) : IChangeTicketListener
{
    private IReadOnlyList<IChatChannel>? _resolved;

    private IReadOnlyList<IChatChannel> Channels => _resolved ??= [.. services.GetServices<IChatChannel>()];

    /// <summary>Where the result card of <paramref name="requestId"/> is kept (<c>R-…/result</c>; request ids hold no '/').</summary>
    internal static string Key(string requestId) => requestId + "/result";

    internal static Task RememberAsync(IRequestCardStore cards, RunRequest request, string messageId, CancellationToken cancellationToken) =>
        cards.SaveAsync(new RequestCard(Key(request.Id), request.Origin.Platform, request.Origin.ConversationId, messageId), cancellationToken);

    public async Task TicketLinkedAsync(string incident, string sink, TicketRef ticket, CancellationToken cancellationToken)
    {
        var text = await ChangeRecordStatus.TicketsAsync(changes, incident, cancellationToken);
        if (text is null)
        {
            return;
        }

        foreach (var request in await requests.ListByIncidentAsync(incident, cancellationToken))
        {
            if (!request.Status.IsTerminal() || request.Result is null || await cards.GetAsync(Key(request.Id), cancellationToken) is not { } card)
            {
                continue;
            }

            var channel = Channels.FirstOrDefault(c => c.Platform == card.Platform);
            if (channel is null)
            {
                Log.NoChannel(logger, request.Id, card.Platform.ToString());
                continue;
            }

            try
            {
                var message = render.Result(request, await outputs.GetAsync(request.Id, cancellationToken), text);
                await channel.UpdateAsync(request.Origin, card.MessageId, message with { ReplaceMessageId = card.MessageId }, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ResultCardTicketFailed(logger, e, request.Id, card.MessageId, ticket.Number);
            }
        }
    }
}
