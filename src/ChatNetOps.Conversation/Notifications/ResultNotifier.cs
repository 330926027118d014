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
/// <remarks>
/// A request asked in chat gets its card from the adapter that answers the person who asked; the worker can finish
/// before that post is done (the adapter is paced, or slow under load). Nothing about such a request is posted before
/// its card: the notifier waits for the card to be attached (<see cref="RequestCardSignals"/> on this host, the card
/// store for another replica's), then updates it and posts the result under it. The wait ends at
/// <see cref="ConversationOptions.RequestCardWait"/> after the request was made (an adapter that could not post the
/// card attaches nothing); then the notifier goes on as for a request without a card.
/// </remarks>
public sealed partial class ResultNotifier
{
    private static readonly TimeSpan CardPoll = TimeSpan.FromSeconds(1);

    private readonly IRequestStore _requests;
    private readonly IOutputStore _outputs;
    private readonly IRequestCardStore _requestCards;
    private readonly RequestCards _cards;
    private readonly Visibility _visibility;
    private readonly IReadOnlyList<IChatChannel> _channels;
    private readonly LockReleaseNotifier? _lockReleases;
    private readonly ILogger<ResultNotifier> _logger;
    private readonly IChangeRecordStore? _changes;
    private readonly RequestCardSignals? _signals;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cardWait;
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
        RequestCardSignals? signals = null,
        TimeProvider? time = null,
        TimeSpan cardWait = default,
        SeverityCardNotifier? severityCards = null)
    {
        _signals = signals;
        _time = time ?? TimeProvider.System;
        _cardWait = cardWait;
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
        var postsWithoutCard = finishedRun || request.Status == RequestStatus.AwaitingApproval || (request.Status.IsTerminal() && request.Result is null);
        if (cardMessage is null && postsWithoutCard && AskedInChat(request))
        {
            cardMessage = await WaitForCardAsync(request, cancellationToken);
        }

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
            var posted = await channel.SendAsync(request.Origin, _cards.Result(request, outputs, ticket), cancellationToken);
            await ResultCardTickets.RememberAsync(_requestCards, request, posted, cancellationToken);
            if (ticket is null && await ChangeRecordStatus.TicketsAsync(_changes, request.Incident, cancellationToken) is { } linked)
            {
                // The ticket came to exist while the card was being posted (its listener found no card yet): show it now.
                await channel.UpdateAsync(request.Origin, posted, _cards.Result(request, outputs, linked) with { ReplaceMessageId = posted }, cancellationToken);
            }
        }

        if (request.Status.IsTerminal() && request.IsStateChanging && _lockReleases is not null)
        {
            // The request has released its device lock (or its lease ran out): tell whoever asked to be told.
            await _lockReleases.SweepAsync(cancellationToken);
        }
    }

    /// <summary>Asked by a person in the conversation (not an alert's first step): the adapter that answered posts its card.</summary>
    private static bool AskedInChat(RunRequest request) => request.Requester.Platform == request.Origin.Platform;

    /// <summary>The request's card once an adapter attached it, or null when it was not attached within the wait.</summary>
    private async Task<RequestCard?> WaitForCardAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var deadline = request.CreatedAt + _cardWait;
        if (deadline <= _time.GetUtcNow())
        {
            return null;
        }

        var waiting = false;
        try
        {
            while (true)
            {
                // The wake-ups are armed before the store is read, so an attachment in between is not missed.
                var attached = _signals?.NextAttachment(request.Id) ?? Task.Delay(Timeout.Infinite, cancellationToken);
                var left = deadline - _time.GetUtcNow();
                using var polling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

                // Another replica's adapter attaches in the shared store only: read it again every second.
                var poll = left > TimeSpan.Zero ? Task.Delay(left < CardPoll ? left : CardPoll, _time, polling.Token) : Task.CompletedTask;
                if (await _requestCards.GetAsync(request.Id, cancellationToken) is { } card)
                {
                    return card;
                }

                if (left <= TimeSpan.Zero)
                {
                    Log.CardWaitEnded(_logger, request.Id, _cardWait.TotalSeconds);
                    return null;
                }

                if (!waiting)
                {
                    waiting = true;
                    Log.WaitingForCard(_logger, request.Id, _cardWait.TotalSeconds);
                }

                await Task.WhenAny(attached, poll);
                await polling.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            _signals?.Forget(request.Id);
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
