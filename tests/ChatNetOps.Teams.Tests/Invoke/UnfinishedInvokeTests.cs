namespace ChatNetOps.Teams.Tests.Invoke;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// A card action Teams was already answered "working on it" for is not lost when the host is asked to stop: the host
/// lets it finish (within its shutdown timeout), so the card updates as promised.
/// </summary>
public sealed class UnfinishedInvokeTests : IAsyncLifetime
{
    private OpenIdTestServer _openId = null!;
    private FakeConnector _connector = null!;
    private TestKey _key = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdTestServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _key = _openId.AddKey("key-teams", true, "msteams");
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
    }

    [Fact]
    public async Task AnApprovalStillRunningWhenTheHostStops_Finishes_AndUpdatesTheCardForEveryone()
    {
        await using var bot = TeamsBotFactory.Authenticated(_openId);
        bot.Settings["Teams:InvokeTimeout"] = "00:00:01";
        bot.Settings["Worker:Embedded"] = "false";
        var thread = "9" + Random.Shared.Next(100000, 999999);
        var request = Activities.ChannelMessage(_connector.ServiceUrl, "bounce-interface device=acc-sw-01 interface=Gi1/0/3", Activities.Pat, thread);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostSignedAsync(request, _key, _connector.ServiceUrl)).StatusCode);
        var threadPath = $"v3/conversations/{Activities.ChannelId};messageid={thread}/activities";
        var approvalPost = await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(threadPath, StringComparison.Ordinal) && c.CardText.Contains("Approval needed", StringComparison.Ordinal));
        var requestId = approvalPost.Card!["actions"]!.AsArray().Select(a => a?["data"]?["requestId"]?.GetValue<string>()).First(id => id is not null)!;
        var cardMessageId = _connector.IdOf(approvalPost);

        // The Connector is slow to take the approval's confirmation, so Teams gets "working on it".
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector.Hold = ((method, path) => method == "POST" && path.EndsWith(threadPath, StringComparison.Ordinal), release);
        var approve = Activities.Execute(request, "approve", new JsonObject { ["requestId"] = requestId }, cardMessageId, Activities.Sam);
        using var answer = await bot.PostSignedAsync(approve, _key, _connector.ServiceUrl);
        var invoke = (JsonObject)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", invoke["type"]!.GetValue<string>());
        Assert.Contains("Working on it", invoke["value"]!.GetValue<string>(), StringComparison.Ordinal);
        var held = await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(threadPath, StringComparison.Ordinal) && c != approvalPost);

        // The host is asked to stop while the approval's work is still running; the Connector answers after that.
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var signal = bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        var stopped = bot.Services.GetRequiredService<IHost>().StopAsync();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        await stopped.WaitAsync(TimeSpan.FromSeconds(60));

        // The confirmation went out, and after it the approved card was PUT for everyone (by the approval itself).
        Assert.Contains(held, _connector.AnsweredAfterHold);
        var calls = _connector.Calls.ToList();
        var put = Assert.Single(calls.Skip(calls.IndexOf(held) + 1), c => c.Method == "PUT" && c.Path.EndsWith("/" + cardMessageId, StringComparison.Ordinal));
        Assert.Contains(requestId, put.CardText, StringComparison.Ordinal);
    }
}
