namespace ChatNetOps.Conversation.Tests.Notifications;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using ChatNetOps.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// The worker can finish a run before the adapter that answered the requester has posted the request's card (every
/// adapter posts it, then attaches it with <c>DialogService.AttachMessageAsync</c>: Slack, Teams, the console). The
/// result is never posted before the card: the notifier waits for the card, updates it and then posts the result.
/// </summary>
public sealed class RequestCardOrderTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>Logged by the notifier when news of a request waits for its card (Conversation Log.WaitingForCard).</summary>
    private const int WaitingForCard = 3110;

    [Fact]
    public async Task RunFinishedBeforeItsCardWasPosted_TheResultWaitsForTheCard_ThenTheCardIsUpdatedAndTheResultFollows()
    {
        var logs = new LogEventSignals();
        await using var h = Harness(logs);
        var answer = await h.SayAsync("alice", "verify-ospf device=dist-sw-01");
        var card = Assert.Single(answer.MessagesToAttach);
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);

        // The result reaches the notifier while the adapter's post of the card is still on its way.
        var notifying = h.Notifier.ProcessAsync(await FinishedAsync(h), CancellationToken.None);
        await Task.WhenAny(notifying, logs.WaitForAsync(WaitingForCard, card.RequestId!, Guard));
        Assert.Empty(h.Console.Posts);

        // The adapter's post completes: the card, then its update to the outcome, then the result under it.
        var posted = await h.Console.SendAsync(LifecycleHarness.ConsoleConversation(), card, CancellationToken.None);
        await h.Dialog.AttachMessageAsync(card.RequestId!, posted, null, CancellationToken.None);
        await notifying.WaitAsync(Guard);

        var posts = h.Console.Posts.ToList();
        Assert.Equal(3, posts.Count);
        Assert.Equal((posted, CardNames.RequestStatus, false), (posts[0].MessageId, posts[0].Message.CardName, posts[0].Update));
        Assert.Equal((posted, true), (posts[1].MessageId, posts[1].Update));
        Assert.Contains("succeeded", posts[1].Message.Text, StringComparison.Ordinal);
        Assert.Equal((CardNames.ExecutionResult, false), (posts[2].Message.CardName, posts[2].Update));
    }

    [Fact]
    public async Task CardNeverAttached_TheResultIsPostedWhenTheWaitEnds()
    {
        var logs = new LogEventSignals();
        await using var h = Harness(logs);
        var answer = await h.SayAsync("alice", "verify-ospf device=dist-sw-01");
        var requestId = Assert.Single(answer.MessagesToAttach).RequestId!;
        await h.RunNextJobAsync();

        var notifying = h.Notifier.ProcessAsync(await FinishedAsync(h), CancellationToken.None);
        await Task.WhenAny(notifying, logs.WaitForAsync(WaitingForCard, requestId, Guard));
        Assert.Empty(h.Console.Posts);

        // The adapter could not post the card (it attaches nothing): 30 s after the request, the result goes out alone.
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await notifying.WaitAsync(Guard);
        Assert.Single(h.Console.Posts, p => p.Message.CardName == CardNames.ExecutionResult);
    }

    [Fact]
    public async Task CardAttachedByAnotherReplica_IsFoundInTheStore()
    {
        var logs = new LogEventSignals();
        await using var h = Harness(logs);
        var answer = await h.SayAsync("alice", "verify-ospf device=dist-sw-01");
        var card = Assert.Single(answer.MessagesToAttach);
        await h.RunNextJobAsync();

        var notifying = h.Notifier.ProcessAsync(await FinishedAsync(h), CancellationToken.None);
        await Task.WhenAny(notifying, logs.WaitForAsync(WaitingForCard, card.RequestId!, Guard));

        // Saved straight to the shared store (as another replica's adapter does): no signal on this host, found on the next read.
        var posted = await h.Console.SendAsync(LifecycleHarness.ConsoleConversation(), card, CancellationToken.None);
        var request = await h.Store.GetAsync(card.RequestId!, CancellationToken.None);
        await h.Cards.SaveAsync(new Core.Channels.RequestCard(request!.Id, request.Origin.Platform, request.Origin.ConversationId, posted), CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await notifying.WaitAsync(Guard);

        var posts = h.Console.Posts.ToList();
        Assert.Equal([false, true, false], posts.Select(p => p.Update));
        Assert.Equal(CardNames.ExecutionResult, posts[^1].Message.CardName);
    }

    /// <summary>The message that the run finished (the ones before it, queued and running, show nothing without a card).</summary>
    private static async Task<ResultMessage> FinishedAsync(LifecycleHarness h)
    {
        while (await h.Results.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None) is { } lease)
        {
            await h.Results.CompleteAsync(lease, CancellationToken.None);
            if (lease.Message.Status.IsTerminal())
            {
                return lease.Message;
            }
        }

        throw new InvalidOperationException("The run's finished message was not queued.");
    }

    private static LifecycleHarness Harness(LogEventSignals logs) => LifecycleHarness.Create(
        s => s.AddSingleton<ILoggerProvider>(logs),
        new Dictionary<string, string?> { ["Conversation:RequestCardWait"] = "00:00:30" });
}
