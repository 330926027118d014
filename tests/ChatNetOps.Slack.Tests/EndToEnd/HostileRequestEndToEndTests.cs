namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Net;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.Tests.Fakes;
using ChatNetOps.Testing.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>Replays, oversize uploads and floods of unsigned requests against the Slack endpoints.</summary>
public sealed class HostileRequestEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ByteIdenticalSignedSlashCommand_ReplayedWithinTheWindow_RunsOnce()
    {
        await using var host = await StartAsync();
        var body = SignedRequests.Form(
            ("team_id", "T0TEAM0001"), ("channel_id", IncidentChannel), ("user_id", Alice), ("user_name", "alice"),
            ("command", "/netops"), ("text", "verify-ospf device=core-rtr-01"), ("response_url", host.Slack.ResponseUrl("replay").ToString()),
            ("trigger_id", "1337.42.replayed"));
        var timestamp = SignedRequests.Now();

        using var first = await host.Client.SendAsync(SignedRequests.Post("/slack/commands", body, "application/x-www-form-urlencoded", timestamp));
        using var replay = await host.Client.SendAsync(SignedRequests.Post("/slack/commands", body, "application/x-www-form-urlencoded", timestamp));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Working on", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.DoesNotContain("Working on", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: succeeded", StringComparison.Ordinal), Wait);
        Assert.Single(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Requested);
    }

    [Fact]
    public async Task TheSameCommandSignedAgain_IsANewCommand()
    {
        await using var host = await StartAsync();

        var (firstStatus, firstText) = await host.CommandAsync(Alice, IncidentChannel, "help");
        var (secondStatus, secondText) = await host.CommandAsync(Alice, IncidentChannel, "help");

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Equal(firstText, secondText);
    }

    [Fact]
    public async Task ThousandsOfUnsignedPosts_WriteTheFirstTenVerbatim_AndCountTheRest()
    {
        await using var host = await StartAsync();
        const int Posts = 300;

        for (var i = 0; i < Posts; i++)
        {
            using var response = await host.Client.SendAsync(SignedRequests.Post("/slack/commands", "command=%2Fnetops", "application/x-www-form-urlencoded", sign: false));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await host.Factory.Services.GetRequiredService<InboundRefusals>().FlushAllAsync(CancellationToken.None);
        var denied = (await host.Factory.AuditAsync()).Where(e => e.Kind == AuditKind.Denied).ToList();
        var verbatim = denied.Where(e => !e.Details.ContainsKey("aggregated")).ToList();
        var summaries = denied.Where(e => e.Details.ContainsKey("aggregated")).ToList();

        // The posts may straddle a minute: then two minutes each have their verbatim ones and a summary.
        Assert.InRange(verbatim.Count, InboundRefusals.VerbatimPerMinute, 2 * InboundRefusals.VerbatimPerMinute);
        Assert.InRange(summaries.Count, 1, 2);
        Assert.All(summaries, e => Assert.Equal("missing", e.Details["reason"]));
        Assert.Equal(Posts, verbatim.Count + summaries.Sum(e => int.Parse(e.Details["suppressed"], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ChunkedOversizeUnsignedUpload_Is401_WithoutReadingTheBody()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        var counter = new BodyReadCounter();
        using var factory = new SlackBotFactory(slack);
        factory.TestServices.Add(services => services.AddSingleton<IStartupFilter>(counter));
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var status = await RawUpload.PostChunkedAsync(address, "/slack/events", 32L * 1024 * 1024, new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        Assert.Equal(401, status);
        Assert.Equal(0, counter.Read);
    }

    [Fact]
    public async Task ChunkedOversizeUploadWithFreshSignatureHeaders_StopsAtTheCap()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        var counter = new BodyReadCounter();
        using var factory = new SlackBotFactory(slack);
        factory.TestServices.Add(services => services.AddSingleton<IStartupFilter>(counter));
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var timestamp = SignedRequests.Now();
        var headers = new Dictionary<string, string>
        {
            ["X-Slack-Request-Timestamp"] = timestamp,
            ["X-Slack-Signature"] = SignedRequests.Sign(SignedRequests.SigningSecret, timestamp, "not this body"),
        };

        var status = await RawUpload.PostChunkedAsync(address, "/slack/events", 32L * 1024 * 1024, headers, TimeSpan.FromMinutes(1));

        Assert.Equal(401, status);
        Assert.True(counter.Read <= (512 * 1024) + (64 * 1024), $"read {counter.Read} bytes past the 512 KiB cap");
        Assert.Contains(await factory.AuditAsync(), e => e.Kind == AuditKind.Denied && e.Details["reason"] == "body-too-large");
    }
}
