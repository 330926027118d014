namespace ChatNetOps.Alerts.Tests.Cards;

using System.Net;
using ChatNetOps.Alerts.Cards;
using ChatNetOps.Alerts.Tests.Hosting;

/// <summary>
/// Two bot replicas (two real hosts, each with its own card refresher and chat channel) on one SQLite file: the first
/// card of an incident is posted once, by the replica that claimed it; the other updates that message in place; a
/// claim left by a replica that crashed before recording its message is taken over once it runs out.
/// </summary>
public sealed class AlertCardReplicaTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly AlertsHost _a = new();
    private readonly AlertsHost _b;

    public AlertCardReplicaTests()
    {
        _b = new AlertsHost();
        _b.Settings["Storage:Sqlite:Path"] = _a.DatabasePath;
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    [Fact]
    public async Task SecondReplica_WhileTheFirstIsPostingTheFirstCard_PostsNothing_ThenUpdatesThatMessage()
    {
        await FireAsync();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _a.Slack.BeforePost = async () =>
        {
            entered.TrySetResult();
            await release.Task;
        };

        var posting = _a.RefreshCardsAsync();
        await entered.Task.WaitAsync(Patience);
        Assert.Equal(0, await _b.RefreshCardsAsync());
        Assert.Empty(_b.Slack.Messages);

        release.SetResult();
        Assert.Equal(1, await posting.WaitAsync(Patience));
        var posted = Assert.Single(_a.Slack.Messages);
        Assert.False(posted.Update);

        // The other replica's next pass finds the recorded message and updates it; it never posts.
        Assert.Equal(1, await _b.RefreshCardsAsync());
        var updated = Assert.Single(_b.Slack.Messages);
        Assert.True(updated.Update);
        Assert.Equal(posted.MessageId, updated.MessageId);
        Assert.Single(_a.Slack.Posts);
    }

    [Fact]
    public async Task ClaimOfAReplicaThatFailedBeforeRecordingItsMessage_IsTakenOver_AfterTheLease()
    {
        await FireAsync();
        _a.Slack.Failure = new HttpRequestException("replica a dies while posting");
        Assert.Equal(0, await _a.RefreshCardsAsync());

        Assert.Equal(0, await _b.RefreshCardsAsync());
        Assert.Empty(_b.Slack.Messages);

        _b.Time.Advance(AlertCardNotifier.ClaimLease);
        Assert.Equal(1, await _b.RefreshCardsAsync());
        Assert.False(Assert.Single(_b.Slack.Messages).Update);
        Assert.Empty(_a.Slack.Messages);
    }

    private async Task FireAsync()
    {
        using var client = _a.CreateClient();
        using var response = await client.SendAsync(Signed.Alertmanager(new AlertmanagerBody().Firing("f1", _a.Time.GetUtcNow(), "fw-edge-01").Build()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _a.ProcessAsync();
        Assert.Single(await _b.OpenIncidentsAsync());
    }
}
