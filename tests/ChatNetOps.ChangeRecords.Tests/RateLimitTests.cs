namespace ChatNetOps.ChangeRecords.Tests;

using System.Net;
using ChatNetOps.ChangeRecords.Http;
using ChatNetOps.ChangeRecords.Tests.StandIns;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Testing;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// X-RateLimit-* (ServiceNow "Inbound REST API rate limiting"; Jira Cloud "Rate limiting"): when the remote system says
/// its limit is used up, the sink pauses until the reset and the dispatcher tries none of its events (no attempt spent,
/// no request sent) before then; everything is delivered, in order, after it.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cno-ratelimit-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingLoggerProvider _logs = new();

    private string DatabasePath => Path.Combine(_directory, "chatnetops.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Jira_RemainingZero_PausesTheSinkUntilTheReset_BeforeAny429()
    {
        await using var jira = await JiraStandIn.StartAsync();
        var time = TestData.Clock();
        var reset = new DateTimeOffset(2025, 3, 14, 9, 40, 0, TimeSpan.Zero);
        jira.Now = time.GetUtcNow;
        jira.Quota = (2, reset, TimeSpan.FromHours(1));
        await using var host = new ChangeRecordsHarness(DatabasePath, time, new Dictionary<string, string?>
        {
            ["ChangeRecords:Sink"] = "Jira",
            ["ChangeRecords:Jira:BaseUrl"] = jira.BaseAddress.ToString(),
            ["ChangeRecords:Jira:Email"] = JiraStandIn.Email,
            ["ChangeRecords:Jira:ApiToken"] = JiraStandIn.ApiToken,
            ["ChangeRecords:Jira:Project"] = "NET",
        }, _logs);
        await host.OpenIncidentAsync("INC-5101");
        await host.RecordAsync("INC-5101", AuditKind.Approved, "shut-interface", "ams1-sw02");
        var held = await host.RecordAsync("INC-5101", AuditKind.Succeeded, "shut-interface", "ams1-sw02", new Dictionary<string, string> { ["rc"] = "0" });

        // The create and the first comment use the quota up; the answer to the comment says Remaining: 0.
        var next = await host.Dispatcher.RunOnceAsync(Ct);

        Assert.Equal(reset, next);
        Assert.Equal(2, jira.Calls.Count);
        Assert.Equal(0, (await host.Store.GetAsync("Jira", "INC-5101", held.Sequence, Ct))!.Attempts);
        Assert.Contains(_logs.Lines, l => l.Contains("Jira says its rate limit is used up", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(reset, await host.Dispatcher.RunOnceAsync(Ct));
        Assert.Equal(2, jira.Calls.Count);

        time.SetUtcNow(reset);
        await host.DrainAsync();

        Assert.Equal(0, jira.QuotaRefusals);
        var issue = Assert.Single(jira.Issues);
        Assert.Equal(2, jira.Comments[issue.Key].Count);
        Assert.All(jira.Timeline.Skip(2), c => Assert.True(c.At >= reset, $"{c.Call} was sent at {c.At:O}, before the reset"));
        Assert.Empty(await host.Store.ListAsync(OutboxState.Pending, 10, Ct));
    }

    [Fact]
    public async Task ServiceNow_A429_PausesTheWholeSink_OtherIncidentsWaitToo_WithoutSpendingAttempts()
    {
        await using var serviceNow = await ServiceNowStandIn.StartAsync();
        var time = TestData.Clock();
        var reset = time.GetUtcNow() + TimeSpan.FromMinutes(40);
        serviceNow.Now = time.GetUtcNow;
        serviceNow.Quota = (2, reset);
        await using var host = new ChangeRecordsHarness(DatabasePath, time, new Dictionary<string, string?>
        {
            ["ChangeRecords:Sink"] = "ServiceNow",
            ["ChangeRecords:ServiceNow:InstanceUrl"] = serviceNow.BaseAddress.ToString(),
            ["ChangeRecords:ServiceNow:Username"] = ServiceNowStandIn.User,
            ["ChangeRecords:ServiceNow:Password"] = ServiceNowStandIn.Password,
        }, _logs);
        await host.OpenIncidentAsync("INC-4101");
        await host.RecordAsync("INC-4101", AuditKind.Approved, "shut-interface", "ams1-sw02");
        await host.OpenIncidentAsync("INC-4102");

        // INC-4101's change and work note use the hour's quota; INC-4102's create is refused with 429 + Retry-After.
        var next = await host.Dispatcher.RunOnceAsync(Ct);

        Assert.Equal(reset, next);
        Assert.Equal(1, serviceNow.QuotaRefusals);
        Assert.Single(serviceNow.Changes);
        var later = await host.RecordAsync("INC-4101", AuditKind.Succeeded, "shut-interface", "ams1-sw02", new Dictionary<string, string> { ["rc"] = "0" });
        var calls = serviceNow.Calls.Count;
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(reset, await host.Dispatcher.RunOnceAsync(Ct));
        Assert.Equal(calls, serviceNow.Calls.Count);
        Assert.Equal(0, (await host.Store.GetAsync("ServiceNow", "INC-4101", later.Sequence, Ct))!.Attempts);

        // The hour is over; the next window has room for the rest (the lookup by correlation_id, the create and the note).
        time.SetUtcNow(reset);
        serviceNow.Quota = (3, reset + TimeSpan.FromHours(1));
        await host.DrainAsync();

        Assert.Equal(1, serviceNow.QuotaRefusals);
        Assert.Equal(2, serviceNow.Changes.Count);
        var first = await host.Store.GetLinkAsync("ServiceNow", "INC-4101", Ct);
        Assert.Equal(2, serviceNow.WorkNotes(first!.Ticket!.Id).Count);
        Assert.Empty(await host.Store.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Empty(await host.Store.ListAsync(OutboxState.Dead, 10, Ct));
    }

    [Fact]
    public void Gate_ReadsUnixAndIso8601Resets_CapsAbsurdOnes_AndIgnoresWhatItCannotRead()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 26, 0, TimeSpan.Zero));

        var jira = new RateLimitGate("Jira", time);
        jira.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "2025-03-14T09:31Z")));
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 31, 0, TimeSpan.Zero), jira.PausedUntil);
        var paused = Assert.Throws<ChangeRecordException>(() => jira.ThrowIfPaused("the comment"));
        Assert.True(paused.Transient);
        Assert.Equal(TimeSpan.FromMinutes(5), paused.RetryAfter);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(jira.PausedUntil);
        jira.ThrowIfPaused("the comment");

        var serviceNow = new RateLimitGate("ServiceNow", time);
        var unixReset = time.GetUtcNow().AddMinutes(20).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var refused = Answer(HttpStatusCode.TooManyRequests, ("X-RateLimit-Limit", "100"), ("X-RateLimit-Reset", unixReset));
        Assert.Equal(TimeSpan.FromMinutes(20), RateLimitGate.Wait(refused, time));
        serviceNow.Observe(refused);
        Assert.Equal(time.GetUtcNow().AddMinutes(20), serviceNow.PausedUntil);

        var hostile = new RateLimitGate("Jira", time);
        hostile.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "2035-01-01T00:00Z")));
        Assert.Equal(time.GetUtcNow() + RateLimitGate.MaxPause, hostile.PausedUntil);

        var unreadable = new RateLimitGate("Jira", time);
        unreadable.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "soon")));
        unreadable.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Remaining", "3"), ("X-RateLimit-Reset", "2025-03-14T09:59Z")));
        unreadable.Observe(Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "60"), ("RateLimit-Reason", "jira-per-issue-on-write")));
        Assert.Null(unreadable.PausedUntil);
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
