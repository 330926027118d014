namespace ChatNetOps.Conversation.Notifications;

using System.Globalization;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>
/// Turns what the worker and the sweeper report (<see cref="ResultMessage"/>) into chat: the request's card is
/// updated in place (or posted when it has none), and when a run finishes its result card is posted.
/// The card always shows the request's current stored state, so late or repeated messages are harmless.
/// </summary>
public sealed partial class ResultNotifier
{
    private readonly IRequestStore _requests;
    private readonly IOutputStore _outputs;
    private readonly IRequestCardStore _requestCards;
    private readonly RequestCards _cards;
    private readonly Visibility _visibility;
    private readonly IReadOnlyList<IChatChannel> _channels;
    private readonly LockReleaseNotifier? _lockReleases;
    private readonly ILogger<ResultNotifier> _logger;
    private readonly IChangeRecordStore? _changes;
    private readonly SeverityCardNotifier? _severityCards;

    internal ResultNotifier(
        IRequestStore requests,
        IOutputStore outputs,
        IRequestCardStore requestCards,
        RequestCards cards,
        Visibility visibility,
        IEnumerable<IChatChannel> channels,
        ILogger<ResultNotifier> logger,
        IChangeRecordStore? changes = null,
        LockReleaseNotifier? lockReleases = null,
        SeverityCardNotifier? severityCards = null)
    {
        _severityCards = severityCards;
        _lockReleases = lockReleases;
        _requests = requests;
        _outputs = outputs;
        _requestCards = requestCards;
        _cards = cards;
        _visibility = visibility;
        _channels = [.. channels];
        _logger = logger;
        _changes = changes;
    }

    public async Task ProcessAsync(ResultMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind == ResultKind.DecisionExpired)
        {
            // Not a run: a severity proposal expired unanswered; its card says so in place.
            if (_severityCards is not null)
            {
                await _severityCards.ExpiredAsync(message.RequestId, cancellationToken);
            }

            return;
        }

        var request = await _requests.GetAsync(message.RequestId, cancellationToken);
        if (request is null)
        {
            Log.UnknownRequest(_logger, message.RequestId);
            return;
        }

        var channel = _channels.FirstOrDefault(c => c.Platform == request.Origin.Platform);
        if (channel is null)
        {
            Log.NoChannel(_logger, request.Id, request.Origin.Platform.ToString());
            return;
        }

        var cardMessage = await _requestCards.GetAsync(request.Id, cancellationToken);
        if (message.Kind == ResultKind.DeviceFinished)
        {
            if (request.Targets.Count > 1 && !request.Status.IsTerminal() && cardMessage?.MessageId is { } progressId)
            {
                var done = (await _outputs.GetAsync(request.Id, cancellationToken)).Count;
                var progress = _cards.Status(request, string.Create(CultureInfo.InvariantCulture, $"{done} of {request.Targets.Count} devices finished."));
                await UpdateOrPostAsync(channel, request, progressId, progress, cancellationToken);
            }

            return;
        }

        var finishedRun = message.Status.IsTerminal() && request.Status.IsTerminal() && request.Result is not null;
        if (cardMessage?.MessageId is { } messageId)
        {
            await UpdateOrPostAsync(channel, request, messageId, _cards.ForRequest(request, _visibility.ApproversOf(request)), cancellationToken);
        }
        else if (request.Status == RequestStatus.AwaitingApproval || (request.Status.IsTerminal() && request.Result is null))
        {
            // No card yet (or the adapter has not attached it): post one.
            await UpdateOrPostAsync(channel, request, null, _cards.ForRequest(request, _visibility.ApproversOf(request)), cancellationToken);
        }

        if (finishedRun)
        {
            var outputs = await _outputs.GetAsync(request.Id, cancellationToken);
            var ticket = await ChangeRecordStatus.TicketsAsync(_changes, request.Incident, cancellationToken);
            await channel.SendAsync(request.Origin, _cards.Result(request, outputs, ticket), cancellationToken);
        }

        if (request.Status.IsTerminal() && request.IsStateChanging && _lockReleases is not null)
        {
            // The request has released its device lock (or its lease ran out): tell whoever asked to be told.
            await _lockReleases.SweepAsync(cancellationToken);
        }
    }

    private async Task UpdateOrPostAsync(IChatChannel channel, RunRequest request, string? messageId, Messages.OutboundMessage card, CancellationToken cancellationToken)
    {
        if (messageId is not null)
        {
            try
            {
                await channel.UpdateAsync(request.Origin, messageId, card with { ReplaceMessageId = messageId }, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.UpdateFailed(_logger, e, request.Id, messageId);
            }
        }

        var posted = await channel.SendAsync(request.Origin, card with { ReplaceMessageId = null }, cancellationToken);
        await _requestCards.SaveAsync(new RequestCard(request.Id, request.Origin.Platform, request.Origin.ConversationId, posted), cancellationToken);
    }
}
