namespace ChatNetOps.ChangeRecords.Tests;

using ChatNetOps.ChangeRecords.Jira;
using ChatNetOps.ChangeRecords.Tests.StandIns;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Testing;

public sealed class JiraDeliveryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cno-jira-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingLoggerProvider _logs = new();
    private JiraStandIn _jira = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _jira = await JiraStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _jira.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ChangeRecordsHarness Start(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, string project = "NET") => new(
        Path.Combine(_directory, "chatnetops.db"),
        time,
        new Dictionary<string, string?>
        {
            ["ChangeRecords:Sink"] = "Jira",
            ["ChangeRecords:Jira:BaseUrl"] = _jira.BaseAddress.ToString(),
            ["ChangeRecords:Jira:Email"] = JiraStandIn.Email,
            ["ChangeRecords:Jira:ApiToken"] = JiraStandIn.ApiToken,
            ["ChangeRecords:Jira:Project"] = project,
        },
        _logs);

    [Fact]
    public async Task Incident_CreatesAnIssueWithAnAdfDescription_ACommentPerEvent_AndTheCloseTransition()
    {
        var time = TestData.Clock();
        _jira.Now = time.GetUtcNow;
        await using var host = Start(time);
        await host.OpenIncidentAsync("INC-5001");
        await host.RecordAsync("INC-5001", AuditKind.Approved, "shut-interface", "ams1-sw02");
        await host.RecordAsync("INC-5001", AuditKind.Succeeded, "shut-interface", "ams1-sw02", new Dictionary<string, string> { ["rc"] = "0" });
        await host.RecordAsync("INC-5001", AuditKind.IncidentClosed);

        await host.DrainAsync();

        var issue = Assert.Single(_jira.Issues);
        Assert.Empty((await host.Store.ListAsync(OutboxState.Dead, 10, CancellationToken.None)).Select(e => e.LastError));
        Assert.Equal("doc", issue.Fields["description"]!["type"]!.GetValue<string>());
        Assert.Equal(1, issue.Fields["description"]!["version"]!.GetValue<int>());
        Assert.Contains("chatnetops-inc-5001", issue.Fields["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        var comments = _jira.Comments[issue.Key];
        Assert.Equal(3, comments.Count);
        Assert.Contains(Adf.Texts(comments[0]["body"]), t => t.Contains("Approved", StringComparison.Ordinal));
        Assert.Contains(Adf.Texts(comments[2]["body"]), t => t.StartsWith("Close code: Successful", StringComparison.Ordinal));
        Assert.Equal("Done", _jira.Status[issue.Key]);
        Assert.Equal(issue.Key, (await host.Store.GetLinkAsync("Jira", "INC-5001", CancellationToken.None))!.Ticket!.Number);
        Assert.DoesNotContain(_jira.Calls, c => c.Contains("/search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartMidComment_TheCommentIsNotAddedTwice()
    {
        var time = TestData.Clock();
        _jira.Now = time.GetUtcNow;
        using var crash = new CancellationTokenSource();
        await using (var first = Start(time))
        {
            await first.OpenIncidentAsync("INC-5002");
            await first.DrainAsync();
            await first.RecordAsync("INC-5002", AuditKind.Failed, "verify-ospf", "ams1-rtr01");
            _jira.AfterWrite = async _ => await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Dispatcher.RunOnceAsync(crash.Token));
            _jira.AfterWrite = null;
        }

        time.Advance(TimeSpan.FromMinutes(3));
        await using var second = Start(time);
        await second.DrainAsync();

        Assert.Single(_jira.Comments[Assert.Single(_jira.Issues).Key]);
    }

    [Fact]
    public async Task UnknownProject_GoesToTheDeadList_WithJirasOwnError()
    {
        var time = TestData.Clock();
        await using var host = Start(time, project: "NOPE");
        await host.OpenIncidentAsync("INC-5003");

        await host.DrainAsync();

        var dead = Assert.Single(await host.Store.ListAsync(OutboxState.Dead, 10, CancellationToken.None));
        Assert.Contains("400", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("valid project is required", dead.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(JiraStandIn.ApiToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeadEvent_Retried_IsDeliveredBeforeTheEventsBehindIt()
    {
        var time = TestData.Clock();
        _jira.Now = time.GetUtcNow;
        await using var host = Start(time);
        await host.OpenIncidentAsync("INC-5004");
        await host.RecordAsync("INC-5004", AuditKind.Approved, "shut-interface", "ams1-sw02");
        var entry = Assert.Single(await host.Store.ListAsync(OutboxState.Pending, 10, CancellationToken.None), e => e.Sequence == 1);
        await host.Store.TryReplaceAsync(entry with { State = OutboxState.Dead, LastError = "operator test" }, entry.ETag!, CancellationToken.None);

        await host.DrainAsync();
        Assert.Empty(_jira.Issues);

        Assert.True(await host.Dispatcher.RetryAsync("Jira", "INC-5004", 1, CancellationToken.None));
        await host.DrainAsync();

        var issue = Assert.Single(_jira.Issues);
        Assert.Contains(Adf.Texts(Assert.Single(_jira.Comments[issue.Key])["body"]), t => t.Contains("Approved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrashBetweenCreateAndStore_TheRestartFindsTheIssueByItsLabel_AndCreatesNoSecondOne()
    {
        var time = TestData.Clock();
        _jira.Now = time.GetUtcNow;
        using var crash = new CancellationTokenSource();
        await using (var first = Start(time))
        {
            await first.OpenIncidentAsync("INC-5005");
            _jira.AfterWrite = async _ => await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Dispatcher.RunOnceAsync(crash.Token));
            _jira.AfterWrite = null;
        }

        time.Advance(TimeSpan.FromMinutes(3));
        await using var second = Start(time);
        await second.RecordAsync("INC-5005", AuditKind.Approved, "shut-interface", "ams1-sw02");
        await second.DrainAsync();

        var issue = Assert.Single(_jira.Issues);
        Assert.Equal(issue.Key, (await second.Store.GetLinkAsync("Jira", "INC-5005", CancellationToken.None))!.Ticket!.Number);
        Assert.Single(_jira.Comments[issue.Key]);
    }

    [Fact]
    public async Task RateLimited_WithAShortRetryAfter_IsRetriedInsideTheRequest_AfterThatWait()
    {
        var time = TestData.Clock();
        _jira.Now = time.GetUtcNow;
        await using var host = Start(time);
        _jira.RateLimit = 1;
        _jira.RateLimitCalls = 1;
        await host.OpenIncidentAsync("INC-5006");

        var run = host.Dispatcher.RunOnceAsync(CancellationToken.None);

        // The resilience handler waits on the host's TimeProvider: move the test clock until the retry arrives.
        for (var step = 0; step < 400 && !run.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System));
        }

        Assert.Null(await run.WaitAsync(TimeSpan.FromSeconds(30)));
        var creates = _jira.Timeline.Where(c => c.Call == "POST /rest/api/3/issue").Select(c => c.At).ToArray();
        Assert.Equal(2, creates.Length);
        Assert.True(creates[1] - creates[0] >= TimeSpan.FromSeconds(1), $"retried after {creates[1] - creates[0]}, before the Retry-After of 1 s");
        Assert.Single(_jira.Issues);
    }
}
