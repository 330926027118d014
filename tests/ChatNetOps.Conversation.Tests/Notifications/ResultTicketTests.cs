namespace ChatNetOps.Conversation.Tests.Notifications;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Issue 19: a run's result card names the incident's change record once the ticket exists (posted and on <c>status</c>).</summary>
public sealed class ResultTicketTests
{
    private const string Ticket = "ServiceNow CHG0031234 https://example.service-now.com/change_request.do?sys_id=9d385017c611228701d22104cc95c371";

    [Fact]
    public async Task TheResultCard_ShowsTheTicket_OnceItExists_AndNotBefore()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var store = h.Services.GetRequiredService<IChangeRecordStore>();

        // The change is still being created: the first result says nothing about a ticket.
        var creating = await store.TrySaveLinkAsync(new ChangeRecordLink("ServiceNow", "INC-4242", ChangeRecordLinkState.Creating, h.Time.GetUtcNow()), null, CancellationToken.None);
        var first = await RunAsync(h);
        Assert.DoesNotContain("Ticket", LifecycleHarness.Render(first), StringComparison.Ordinal);

        await store.TrySaveLinkAsync(
            creating! with
            {
                State = ChangeRecordLinkState.Created,
                Ticket = new TicketRef("9d385017c611228701d22104cc95c371", "CHG0031234", new Uri("https://example.service-now.com/change_request.do?sys_id=9d385017c611228701d22104cc95c371")),
            },
            creating.ETag,
            CancellationToken.None);
        var second = await RunAsync(h);

        Assert.Contains($"Ticket:       {Ticket}", LifecycleHarness.Render(second), StringComparison.Ordinal);
        var status = Assert.Single((await h.SayAsync("bob", $"status {first.RequestId}")).Messages);
        Assert.Equal(CardNames.ExecutionResult, status.CardName);
        Assert.Contains($"Ticket:       {Ticket}", LifecycleHarness.Render(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunOutsideAnIncident_HasNoTicketLine()
    {
        await using var h = LifecycleHarness.Create();

        var result = await RunAsync(h);

        Assert.DoesNotContain("Ticket", LifecycleHarness.Render(result), StringComparison.Ordinal);
    }

    private static async Task<Messages.OutboundMessage> RunAsync(LifecycleHarness h)
    {
        var id = (await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages[0].RequestId!;
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
        await h.DrainResultsAsync();
        return Assert.Single(h.Console.Posts, p => p.Message.CardName == CardNames.ExecutionResult && p.Message.RequestId == id).Message;
    }
}
