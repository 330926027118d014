namespace ChatNetOps.ChangeRecords.Tests;

using ChatNetOps.ChangeRecords.Tests.StandIns;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 19: a result card posted before the incident's change record existed is updated in place once the outbox creates
/// it (the real dialog, result notifier, outbox and dispatcher over SQLite, the ServiceNow and Jira stand-ins).
/// </summary>
public sealed class ResultCardTicketTests : IAsyncLifetime
{
    private ServiceNowStandIn _serviceNow = null!;
    private JiraStandIn _jira = null!;

    public async Task InitializeAsync()
    {
        _serviceNow = await ServiceNowStandIn.StartAsync();
        _jira = await JiraStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _serviceNow.DisposeAsync();
        await _jira.DisposeAsync();
    }

    [Theory]
    [InlineData("ServiceNow")]
    [InlineData("Jira")]
    public async Task AResultCardPostedBeforeTheTicket_IsUpdatedInPlace_WithItsLink(string sink)
    {
        await using var h = Harness(sink);
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        // The run finishes before the outbox has created the ticket: its result card names none.
        var (resultId, first) = await RunAsync(h);
        Assert.DoesNotContain("Ticket", LifecycleHarness.Render(first), StringComparison.Ordinal);
        var posts = h.Console.Posts.Count;

        await DrainOutboxAsync(h);

        var ticket = Assert.Single(await h.Services.GetRequiredService<IChangeRecordStore>().ListLinksAsync("INC-4242", CancellationToken.None)).Ticket!;
        Assert.StartsWith(sink == "Jira" ? "NET-" : "CHG", ticket.Number, StringComparison.Ordinal);
        var update = Assert.Single(h.Console.Posts.Skip(posts), p => p.Update);
        Assert.Equal(resultId, update.MessageId);
        Assert.Equal(resultId, update.Message.ReplaceMessageId);
        Assert.Equal(CardNames.ExecutionResult, update.Message.CardName);
        Assert.Contains($"Ticket:       {sink} {ticket.Number} {ticket.Url}", LifecycleHarness.Render(update.Message), StringComparison.Ordinal);
        Assert.Equal(first.RequestId, update.Message.RequestId);

        // A later run's card carries the link from the start; the earlier card is not touched again.
        posts = h.Console.Posts.Count;
        var (_, second) = await RunAsync(h);
        Assert.Contains($"Ticket:       {sink} {ticket.Number}", LifecycleHarness.Render(second), StringComparison.Ordinal);
        await DrainOutboxAsync(h);
        Assert.DoesNotContain(h.Console.Posts.Skip(posts), p => p.Update && p.MessageId == resultId);
    }

    [Fact]
    public async Task WithTheSinkDown_TheCardWaits_AndIsUpdatedWhenTheTicketIsFinallyCreated()
    {
        await using var h = Harness("ServiceNow");
        await h.SayAsync("bob", "incident open INC-4243 \"OSPF flaps\"");
        _serviceNow.Down = () => true;
        var dispatcher = h.Services.GetRequiredService<ChangeRecordDispatcher>();
        await dispatcher.RunOnceAsync(CancellationToken.None);
        var (resultId, _) = await RunAsync(h);
        await dispatcher.RunOnceAsync(CancellationToken.None);
        Assert.DoesNotContain(h.Console.Posts, p => p.Update && p.MessageId == resultId);

        _serviceNow.Down = () => false;
        await DrainOutboxAsync(h);

        var update = Assert.Single(h.Console.Posts, p => p.Update && p.MessageId == resultId);
        Assert.Contains("Ticket:       ServiceNow CHG", LifecycleHarness.Render(update.Message), StringComparison.Ordinal);
    }

    private static async Task<(string MessageId, Conversation.Messages.OutboundMessage Card)> RunAsync(LifecycleHarness h)
    {
        var id = (await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages[0].RequestId!;
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
        await h.DrainResultsAsync();
        var posted = Assert.Single(h.Console.Posts, p => !p.Update && p.Message.CardName == CardNames.ExecutionResult && p.Message.RequestId == id);
        return (posted.MessageId, posted.Message);
    }

    /// <summary>Dispatcher passes, moving the clock to each next due time, until nothing is pending.</summary>
    private static async Task DrainOutboxAsync(LifecycleHarness h)
    {
        var dispatcher = h.Services.GetRequiredService<ChangeRecordDispatcher>();
        for (var pass = 0; pass < 100; pass++)
        {
            if (await dispatcher.RunOnceAsync(CancellationToken.None) is not { } next)
            {
                return;
            }

            var wait = next - h.Time.GetUtcNow();
            h.Time.Advance(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        }

        throw new TimeoutException("The outbox still had pending events after 100 passes.");
    }

    private LifecycleHarness Harness(string sink) => LifecycleHarness.Create(
        services => services.AddChatNetOpsChangeRecords(runDispatcher: false),
        sink == "Jira"
            ? new Dictionary<string, string?>
            {
                ["ChangeRecords:Sink"] = "Jira",
                ["ChangeRecords:Jira:BaseUrl"] = _jira.BaseAddress.ToString(),
                ["ChangeRecords:Jira:Email"] = JiraStandIn.Email,
                ["ChangeRecords:Jira:ApiToken"] = JiraStandIn.ApiToken,
                ["ChangeRecords:Jira:Project"] = "NET",
            }
            : new Dictionary<string, string?>
            {
                ["ChangeRecords:Sink"] = "ServiceNow",
                ["ChangeRecords:ServiceNow:InstanceUrl"] = _serviceNow.BaseAddress.ToString(),
                ["ChangeRecords:ServiceNow:Username"] = ServiceNowStandIn.User,
                ["ChangeRecords:ServiceNow:Password"] = ServiceNowStandIn.Password,
            });
}
