namespace ChatNetOps.ChangeRecords.Tests;

using ChatNetOps.ChangeRecords.Tests.StandIns;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Testing;

public sealed class ServiceNowDeliveryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cno-changes-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingLoggerProvider _logs = new();
    private ServiceNowStandIn _serviceNow = null!;

    private string DatabasePath => Path.Combine(_directory, "chatnetops.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _serviceNow = await ServiceNowStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _serviceNow.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Dictionary<string, string?> Settings(bool oauth = false, string? password = null) => new()
    {
        ["ChangeRecords:Sink"] = "ServiceNow",
        ["ChangeRecords:ServiceNow:InstanceUrl"] = _serviceNow.BaseAddress.ToString(),
        ["ChangeRecords:ServiceNow:Username"] = oauth ? null : ServiceNowStandIn.User,
        ["ChangeRecords:ServiceNow:Password"] = oauth ? null : password ?? ServiceNowStandIn.Password,
        ["ChangeRecords:ServiceNow:ClientId"] = oauth ? ServiceNowStandIn.ClientId : null,
        ["ChangeRecords:ServiceNow:ClientSecret"] = oauth ? ServiceNowStandIn.ClientSecret : null,
        ["ChangeRecords:ServiceNow:AssignmentGroup"] = "Network Operations",
    };

    private ChangeRecordsHarness Start(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, Dictionary<string, string?>? settings = null) =>
        new(DatabasePath, time, settings ?? Settings(), _logs);

    [Fact]
    public async Task TenMinuteOutage_200QueuedEvents_AllDeliveredOnce_InOrder()
    {
        var time = TestData.Clock();
        await using var host = Start(time);
        await host.OpenIncidentAsync("INC-4001");
        await host.DrainAsync();
        var change = Assert.Single(_serviceNow.Changes);
        var sysId = change["sys_id"]!.GetValue<string>();

        var outageEnds = time.GetUtcNow() + TimeSpan.FromMinutes(10);
        _serviceNow.Down = () => time.GetUtcNow() < outageEnds;
        var recorded = new List<AuditEvent>();
        for (var i = 0; i < 200; i++)
        {
            recorded.Add(await host.RecordAsync("INC-4001", i % 2 == 0 ? AuditKind.Started : AuditKind.Succeeded, "verify-ospf", $"ams1-rtr{i:D3}", new Dictionary<string, string> { ["rc"] = "0" }));
        }

        await host.DrainAsync();

        Assert.True(time.GetUtcNow() >= outageEnds);
        var notes = _serviceNow.WorkNotes(sysId);
        Assert.Equal(recorded.Select(e => $"[chatnetops {e.Id}]"), notes.Select(n => n[..n.IndexOf(']', StringComparison.Ordinal)] + "]"));
        Assert.Single(_serviceNow.Changes);
        Assert.Empty(await host.Store.ListAsync(OutboxState.Pending, 1000, CancellationToken.None));
        Assert.Empty(await host.Store.ListAsync(OutboxState.Dead, 1000, CancellationToken.None));
    }

    [Fact]
    public async Task CrashBetweenCreateAndStore_TheRestartFindsTheChangeByCorrelationId_AndCreatesNoSecondOne()
    {
        var time = TestData.Clock();
        using var crash = new CancellationTokenSource();
        await using (var first = Start(time))
        {
            await first.OpenIncidentAsync("INC-4002");
            _serviceNow.AfterWrite = async _ =>
            {
                // The process dies after ServiceNow committed the change and before the answer was stored.
                await crash.CancelAsync();
            };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Dispatcher.RunOnceAsync(crash.Token));
            _serviceNow.AfterWrite = null;
            Assert.Equal(ChangeRecordLinkState.Creating, (await first.Store.GetLinkAsync("ServiceNow", "INC-4002", CancellationToken.None))!.State);
        }

        time.Advance(TimeSpan.FromMinutes(3));
        await using var second = Start(time);
        await second.RecordAsync("INC-4002", AuditKind.Approved, "shut-interface", "ams1-sw02");
        await second.DrainAsync();

        var change = Assert.Single(_serviceNow.Changes);
        Assert.Equal("INC-4002", change["correlation_id"]!.GetValue<string>());
        Assert.Equal("ChatNetOps", change["correlation_display"]!.GetValue<string>());
        var link = await second.Store.GetLinkAsync("ServiceNow", "INC-4002", CancellationToken.None);
        Assert.Equal(ChangeRecordLinkState.Created, link!.State);
        Assert.Equal(change["number"]!.GetValue<string>(), link.Ticket!.Number);
        Assert.Contains(_serviceNow.Calls, c => c.StartsWith("GET /api/now/table/change_request?sysparm_query=correlation_id%3DINC-4002", StringComparison.Ordinal));
        Assert.Single(_serviceNow.WorkNotes(link.Ticket.Id), n => n.Contains("Approved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartMidDelivery_AfterTheNoteLanded_TheNoteIsNotAddedTwice()
    {
        var time = TestData.Clock();
        using var crash = new CancellationTokenSource();
        string sysId;
        await using (var first = Start(time))
        {
            await first.OpenIncidentAsync("INC-4003");
            await first.DrainAsync();
            sysId = _serviceNow.Changes[0]["sys_id"]!.GetValue<string>();
            await first.RecordAsync("INC-4003", AuditKind.Succeeded, "verify-ospf", "ams1-rtr01", new Dictionary<string, string> { ["rc"] = "0", ["outputSha256"] = TestData.Sha256("ok") });
            _serviceNow.AfterWrite = async _ => await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Dispatcher.RunOnceAsync(crash.Token));
            _serviceNow.AfterWrite = null;
        }

        Assert.Single(_serviceNow.WorkNotes(sysId));
        time.Advance(TimeSpan.FromMinutes(3));
        await using var second = Start(time);
        await second.RecordAsync("INC-4003", AuditKind.IncidentClosed, details: new Dictionary<string, string> { ["resolution"] = "flapping optic replaced" });
        await second.DrainAsync();

        Assert.Single(_serviceNow.WorkNotes(sysId));
        Assert.Contains(_serviceNow.Calls, c => c.StartsWith("GET /api/now/table/sys_journal_field", StringComparison.Ordinal));
        var change = Assert.Single(_serviceNow.Changes);
        Assert.Equal("Successful", change["close_code"]!.GetValue<string>());
        Assert.Contains("INC-4003 closed", change["close_notes"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Resolution: flapping optic replaced\n", change["close_notes"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await second.Store.ListAsync(OutboxState.Pending, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ChangeApiMissing_FallsBackToTheTableApi()
    {
        _serviceNow.ChangeApiInstalled = false;
        var time = TestData.Clock();
        await using var host = Start(time);
        await host.OpenIncidentAsync("INC-4004");
        await host.RecordAsync("INC-4004", AuditKind.Requested, "shut-interface", "ams1-sw02");
        await host.DrainAsync();

        var change = Assert.Single(_serviceNow.Changes);
        Assert.Equal("emergency", change["type"]!.GetValue<string>());
        Assert.Single(_serviceNow.WorkNotes(change["sys_id"]!.GetValue<string>()));
        Assert.Contains(_serviceNow.Calls, c => c == "POST /api/now/table/change_request");
        var link = await host.Store.GetLinkAsync("ServiceNow", "INC-4004", CancellationToken.None);
        Assert.StartsWith("CHG", link!.Ticket!.Number, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeApi_AnswersWithValueAndDisplayValue_TheNumberIsStored()
    {
        var time = TestData.Clock();
        await using var host = Start(time, Settings(oauth: true));
        await host.OpenIncidentAsync("INC-4005");
        await host.DrainAsync();

        var change = Assert.Single(_serviceNow.Changes);
        var link = await host.Store.GetLinkAsync("ServiceNow", "INC-4005", CancellationToken.None);
        Assert.Equal(change["number"]!.GetValue<string>(), link!.Ticket!.Number);
        Assert.Equal(change["sys_id"]!.GetValue<string>(), link.Ticket.Id);
        Assert.Contains(_serviceNow.Calls, c => c == "POST /oauth_token.do");
        Assert.Contains(_serviceNow.Calls, c => c == "POST /api/sn_chg_rest/change/emergency");
    }

    [Fact]
    public async Task RateLimited_WithALongRetryAfter_TheOutboxWaitsThatLong()
    {
        var time = TestData.Clock();
        await using var host = Start(time);
        _serviceNow.RateLimit = 600;
        await host.OpenIncidentAsync("INC-4006");

        var next = await host.Dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(600), next);
        var entry = Assert.Single(await host.Store.ListByIncidentAsync("INC-4006", CancellationToken.None));
        Assert.Contains("429", entry.LastError, StringComparison.Ordinal);
        _serviceNow.RateLimit = null;
        await host.DrainAsync();
        Assert.Single(_serviceNow.Changes);
    }

    [Fact]
    public async Task WrongPassword_GoesToTheDeadList_WithAFixItMessage_AndNoSecretAnywhere()
    {
        const string wrong = "wr0ng-p@ss-DO-NOT-LOG";
        var time = TestData.Clock();
        await using var host = Start(time, Settings(password: wrong));
        await host.OpenIncidentAsync("INC-4007");
        await host.RecordAsync("INC-4007", AuditKind.Approved, "shut-interface", "ams1-sw02");

        await host.DrainAsync();

        var dead = await host.Store.ListAsync(OutboxState.Dead, 100, CancellationToken.None);
        var head = Assert.Single(dead);
        Assert.Contains("401", head.LastError, StringComparison.Ordinal);
        Assert.Contains("ChangeRecords:ServiceNow:Username/Password", head.LastError, StringComparison.Ordinal);
        Assert.Equal(OutboxState.Pending, (await host.Store.GetAsync("ServiceNow", "INC-4007", 2, CancellationToken.None))!.State);

        var everything = new List<string>(_logs.Lines) { head.LastError! };
        await foreach (var e in host.Audit.ReadAsync("INC-4007", CancellationToken.None))
        {
            everything.Add(System.Text.Json.JsonSerializer.Serialize(e, ChatNetOps.Core.CoreJsonContext.Default.AuditEvent));
        }

        foreach (var secret in new[] { wrong, ServiceNowStandIn.Password, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ServiceNowStandIn.User}:{wrong}")) })
        {
            Assert.DoesNotContain(everything, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task OAuth_ClientSecretAndToken_NeverAppearInLogs()
    {
        var time = TestData.Clock();
        await using var host = Start(time, Settings(oauth: true));
        await host.OpenIncidentAsync("INC-4008");
        await host.RecordAsync("INC-4008", AuditKind.Succeeded, "verify-ospf", "ams1-rtr01");
        await host.DrainAsync();

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(ServiceNowStandIn.ClientSecret, StringComparison.Ordinal) || l.Contains("DO-NOT-LOG", StringComparison.Ordinal));
    }
}
