namespace ChatNetOps.Storage.Sqlite.Tests.Durability;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Audit;
using ChatNetOps.Storage.Sqlite.Channels;
using ChatNetOps.Storage.Sqlite.Locks;
using ChatNetOps.Storage.Sqlite.Queues;
using ChatNetOps.Storage.Sqlite.Requests;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;

/// <summary>What was written before a "restart" (closing every connection and opening the file again) is still there.</summary>
public sealed class RestartTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Reopen_ApprovedRequestQueuedJobAndLock_SurviveTheRestart()
    {
        var time = TestData.Clock();
        var before = _file.Open(time);
        var request = TestData.Request(status: RequestStatus.AwaitingApproval, incident: "INC-42", mode: Core.Inventory.RunbookMode.StateChanging);
        var created = await new SqliteRequestStore(before).CreateAsync(request, Ct);
        var approved = await new SqliteRequestStore(before).TryReplaceAsync(
            created with
            {
                Status = RequestStatus.Queued,
                Decision = new Decision(TestData.Actor("U-BOB", "Bob"), time.GetUtcNow(), true, null, created.ApprovalHash),
            },
            created.ETag!,
            Ct);
        var job = TestData.Job(requestId: request.Id);
        await new SqliteJobQueue(before).EnqueueAsync(job, Ct);
        await new SqliteDeviceLockStore(before).TryAcquireAsync(TestData.Lock("lab-fw1", request.Id), time.GetUtcNow(), Ct);
        before.Dispose();

        var after = _file.Open(time);
        var stored = await new SqliteRequestStore(after).GetAsync(request.Id, Ct);
        var lease = await new SqliteJobQueue(after).ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, Ct);
        var held = await new SqliteDeviceLockStore(after).TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct);

        Assert.Equal(approved!.ETag, stored?.ETag);
        Assert.Equal(RequestStatus.Queued, stored?.Status);
        Assert.Equal("Bob", stored?.Decision?.By.DisplayName);
        Assert.Equal(job.JobId, lease?.Message.JobId);
        Assert.Equal(request.Id, lease?.Message.RequestId);
        Assert.Equal(request.Id, Assert.IsType<LockAcquisition.Held>(held).Holder.RequestId);
    }

    [Fact]
    public async Task Reopen_JobReceivedByAWorkerThatDied_IsRedeliveredOnceItsLockExpires()
    {
        var time = TestData.Clock();
        var before = _file.Open(time);
        await new SqliteJobQueue(before).EnqueueAsync(TestData.Job("JOB-1"), Ct);
        Assert.NotNull(await new SqliteJobQueue(before).ReceiveAsync(TimeSpan.FromMinutes(5), TimeSpan.Zero, Ct));
        before.Dispose();

        var queue = new SqliteJobQueue(_file.Open(time));
        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromMinutes(5), TimeSpan.Zero, Ct));
        time.Advance(TimeSpan.FromMinutes(5));
        var redelivered = await queue.ReceiveAsync(TimeSpan.FromMinutes(5), TimeSpan.Zero, Ct);

        Assert.Equal("JOB-1", redelivered?.Message.JobId);
        Assert.Equal(2, redelivered?.DeliveryCount);
    }

    [Fact]
    public async Task Reopen_AuditChain_VerifiesAndContinuesWithoutAGap()
    {
        var time = TestData.Clock();
        var before = _file.Open(time);
        var trail = new AuditTrail(new SqliteAuditStore(before), time);
        for (var i = 0; i < 10; i++)
        {
            await trail.AppendAsync(TestData.AuditEntry(incident: "INC-42"), Ct);
        }

        before.Dispose();

        var reopened = new AuditTrail(new SqliteAuditStore(_file.Open(time)), time);
        var next = await reopened.AppendAsync(TestData.AuditEntry(incident: "INC-42"), Ct);
        var verification = await new AuditVerifier(reopened).VerifyAsync("INC-42", Ct);

        Assert.Equal(11, next.Sequence);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(11, verification.Events);
    }

    [Fact]
    public void Open_TwiceOnTheSameFile_CreatesTheSchemaOnceInWalMode()
    {
        var time = TestData.Clock();
        _file.Open(time);
        _file.Open(time);

        using var raw = _file.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal(11L, command.ExecuteScalar());
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_events';";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Open_AVersion1File_AddsTheConversationEndpointsTableAndKeepsTheData()
    {
        var time = TestData.Clock();
        var request = TestData.Request();
        await new SqliteRequestStore(_file.Open(time)).CreateAsync(request, Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 2 looks like.
            downgrade.CommandText = "DROP TABLE chat_state; DROP TABLE conversation_endpoints; PRAGMA user_version = 1;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var endpoint = new ConversationEndpoint(ChatPlatform.Teams, "19:a@thread.tacv2", "https://smba.trafficmanager.net/emea/", time.GetUtcNow());
        await new SqliteConversationEndpointStore(reopened).SaveAsync(endpoint, Ct);

        Assert.NotNull(await new SqliteRequestStore(reopened).GetAsync(request.Id, Ct));
        Assert.Equal(endpoint, await new SqliteConversationEndpointStore(reopened).GetAsync(ChatPlatform.Teams, "19:a@thread.tacv2", Ct));
        Assert.True(await new SqliteHealth(reopened).PingAsync(Ct));
    }

    [Fact]
    public async Task Open_AVersion2File_AddsTheChatStateTableAndKeepsTheData()
    {
        var time = TestData.Clock();
        var before = _file.Open(time);
        var request = TestData.Request();
        await new SqliteRequestStore(before).CreateAsync(request, Ct);
        var endpoint = new ConversationEndpoint(ChatPlatform.Teams, "19:a@thread.tacv2", "https://smba.trafficmanager.net/emea/", time.GetUtcNow());
        await new SqliteConversationEndpointStore(before).SaveAsync(endpoint, Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 3 looks like.
            downgrade.CommandText = "DROP TABLE chat_state; PRAGMA user_version = 2;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var added = await new SqliteChatStateStore(reopened).TryAddAsync("slack:seen:ev:Ev0UPGRADE", "1", time.GetUtcNow().AddMinutes(15), Ct);

        Assert.True(added);
        Assert.Equal("1", await new SqliteChatStateStore(reopened).GetAsync("slack:seen:ev:Ev0UPGRADE", Ct));
        Assert.NotNull(await new SqliteRequestStore(reopened).GetAsync(request.Id, Ct));
        Assert.Equal(endpoint, await new SqliteConversationEndpointStore(reopened).GetAsync(ChatPlatform.Teams, "19:a@thread.tacv2", Ct));
        Assert.True(await new SqliteHealth(reopened).PingAsync(Ct));
        using var check = _file.OpenRaw();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(11L, version.ExecuteScalar());
    }

    [Fact]
    public async Task Open_AVersion3File_AddsDeadLetterDescriptionsAndKeepsTheDeadLetters()
    {
        var time = TestData.Clock();
        var jobs = new SqliteJobQueue(_file.Open(time, o => o.MaxDeliveryCount = 1));
        await jobs.EnqueueAsync(TestData.Job("JOB-OLD"), Ct);
        await jobs.AbandonAsync((await jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, Ct))!, Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 4 looks like.
            downgrade.CommandText = "DROP TABLE queue_dead_letter_descriptions; PRAGMA user_version = 3;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = new SqliteJobQueue(_file.Open(time, o => o.MaxDeliveryCount = 1));
        await reopened.EnqueueAsync(TestData.Job("JOB-NEW"), Ct);
        Assert.True(await reopened.DeadLetterAsync((await reopened.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, Ct))!, "Unreadable", "no such request", Ct));

        var letters = await reopened.ReadDeadLettersAsync(10, Ct);
        Assert.Equal([("JOB-OLD", "MaxDeliveryCountExceeded", (string?)null), ("JOB-NEW", "Unreadable", "no such request")], letters.Select(l => (l.Message.JobId, l.Reason, l.Description)));
        Assert.True(await reopened.RequeueDeadLetterAsync("JOB-OLD", Ct));
    }

    [Fact]
    public async Task Open_AVersion6File_AddsTheChangeRecordTablesAndKeepsTheRest()
    {
        var time = TestData.Clock();
        var request = TestData.Request();
        await new SqliteRequestStore(_file.Open(time)).CreateAsync(request, Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 7 looks like.
            downgrade.CommandText = "DROP TABLE change_outbox; DROP TABLE change_links; PRAGMA user_version = 6;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var changes = new ChatNetOps.Storage.Sqlite.ChangeRecords.SqliteChangeRecordStore(reopened);
        var recorded = TestData.AuditEvent("INC-5005");

        Assert.True(await changes.TryEnqueueAsync(new ChatNetOps.Core.ChangeRecords.OutboxEntry("ServiceNow", recorded, time.GetUtcNow()), Ct));
        Assert.NotNull(await new SqliteRequestStore(reopened).GetAsync(request.Id, Ct));
        Assert.True(await new SqliteHealth(reopened).PingAsync(Ct));
    }

    [Fact]
    public async Task Open_AVersion7File_AddsTheLockWatchTableAndKeepsTheLocks()
    {
        var time = TestData.Clock();
        var held = TestData.Lock("lab-fw1") with { State = ChatNetOps.Core.Locks.LockState.AwaitingApproval };
        await new ChatNetOps.Storage.Sqlite.Locks.SqliteDeviceLockStore(_file.Open(time)).TryAcquireAsync(held, time.GetUtcNow(), Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 8 looks like.
            downgrade.CommandText = "DROP TABLE lock_watches; PRAGMA user_version = 7;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var watch = new ChatNetOps.Core.Locks.LockWatch("lab-fw1", held.RequestId, TestData.Actor(), new ChatNetOps.Core.Requests.ConversationRef(ChatNetOps.Core.Policy.ChatPlatform.Slack, "C-ops", ChatNetOps.Core.Policy.ChannelKind.Group), time.GetUtcNow());

        Assert.True(await new ChatNetOps.Storage.Sqlite.Locks.SqliteLockWatchStore(reopened).AddAsync(watch, Ct));
        Assert.Equal(ChatNetOps.Core.Locks.LockState.AwaitingApproval, (await new ChatNetOps.Storage.Sqlite.Locks.SqliteDeviceLockStore(reopened).GetAsync("lab-fw1", Ct))!.State);
    }

    [Fact]
    public async Task Open_AVersion8File_AddsTheChangeWindowsTableAndKeepsTheRest()
    {
        var time = TestData.Clock();
        var request = TestData.Request();
        await new SqliteRequestStore(_file.Open(time)).CreateAsync(request, Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 9 looks like.
            downgrade.CommandText = "DROP TABLE change_windows; PRAGMA user_version = 8;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var windows = new ChatNetOps.Storage.Sqlite.ChangeWindows.SqliteChangeWindowStore(reopened);
        var window = new ChatNetOps.Core.ChangeWindows.ChangeWindow("CHG-1", "upgrade", time.GetUtcNow(), time.GetUtcNow().AddHours(1),
            new ChatNetOps.Core.ChangeWindows.ChangeWindowScope(["acc-sw-01"], null), TestData.Actor(), TestData.Conversation(), time.GetUtcNow());

        Assert.NotNull(await windows.TryCreateAsync(window, Ct));
        Assert.Equal("CHG-1", (await windows.FindLatestByConversationAsync(window.Conversation.Platform, window.Conversation.ConversationId, Ct))!.Id);
        Assert.NotNull(await new SqliteRequestStore(reopened).GetAsync(request.Id, Ct));
        using var check = _file.OpenRaw();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(11L, version.ExecuteScalar());
    }

    [Fact]
    public async Task Open_AVersion9File_AddsTheAlertCardClaimAndDeviceChangeTablesAndKeepsTheRest()
    {
        var time = TestData.Clock();
        var request = TestData.Request();
        await new SqliteRequestStore(_file.Open(time)).CreateAsync(request, Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 10 looks like.
            downgrade.CommandText = "DROP TABLE alert_card_claims; DROP TABLE device_last_changes; DROP TABLE device_change_backfill; PRAGMA user_version = 9;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var now = time.GetUtcNow();
        var change = new DeviceLastChange("fw-edge-01", "R-0000AAAA", "interface-shutdown", "succeeded", now, "Carol Castillo", "Bob Brandt");

        Assert.True(await new ChatNetOps.Storage.Sqlite.Alerts.SqliteAlertCardClaimStore(reopened).TryClaimAsync("ALR-1000000001", "replica-a", now, now.AddMinutes(2), Ct));
        await new SqliteDeviceChangeStore(reopened).RecordAsync([change], Ct);
        Assert.Equal([change], await new SqliteDeviceChangeStore(reopened).GetAsync(["fw-edge-01"], Ct));
        Assert.NotNull(await new SqliteRequestStore(reopened).GetAsync(request.Id, Ct));
        using var check = _file.OpenRaw();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(11L, version.ExecuteScalar());
    }

    [Fact]
    public async Task Open_AVersion10File_AddsTheDeviceChangeBackfillMarkerAndKeepsTheProjection()
    {
        var time = TestData.Clock();
        var now = time.GetUtcNow();
        var change = new DeviceLastChange("fw-edge-01", "R-0000AAAA", "interface-shutdown", "succeeded", now, "Carol Castillo", "Bob Brandt");
        await new SqliteDeviceChangeStore(_file.Open(time)).RecordAsync([change], Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 11 looks like.
            downgrade.CommandText = "DROP TABLE device_change_backfill; PRAGMA user_version = 10;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var marker = new SqliteDeviceChangeBackfillStore(reopened);

        Assert.Null(await marker.GetAsync(Ct));
        Assert.True(await marker.TryClaimAsync("replica-a", now, now.AddMinutes(5), Ct));
        Assert.Equal("replica-a", (await marker.GetAsync(Ct))!.Owner);
        Assert.Equal([change], await new SqliteDeviceChangeStore(reopened).GetAsync(["fw-edge-01"], Ct));
        using var check = _file.OpenRaw();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(11L, version.ExecuteScalar());
    }

    [Fact]
    public async Task Open_AVersion4File_MovesEachRequestsCardMessageIntoRequestCards()
    {
        var time = TestData.Clock();
        var withCard = TestData.Request(incident: "INC-42");
        var withoutCard = TestData.Request();
        var requests = new SqliteRequestStore(_file.Open(time));
        await requests.CreateAsync(withCard, Ct);
        await requests.CreateAsync(withoutCard, Ct);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 5 looks like: the card's message id and link inside the request.
            downgrade.CommandText = """
                DROP TABLE request_cards;
                UPDATE requests SET json = json_set(json, '$.origin.messageId', '1710408413.000200', '$.origin.link', 'slack://channel?id=C-NOC&message=1710408413.000200')
                WHERE id = $id;
                PRAGMA user_version = 4;
                """;
            downgrade.Parameters.AddWithValue("$id", withCard.Id);
            downgrade.ExecuteNonQuery();
        }

        var reopened = _file.Open(time);
        var cards = new SqliteRequestCardStore(reopened);

        Assert.Equal(
            new RequestCard(withCard.Id, ChatPlatform.Slack, "C-NOC", "1710408413.000200") { Link = "slack://channel?id=C-NOC&message=1710408413.000200" },
            await cards.GetAsync(withCard.Id, Ct));
        Assert.Null(await cards.GetAsync(withoutCard.Id, Ct));
        Assert.Equal(withCard.Id, (await new SqliteRequestStore(reopened).GetAsync(withCard.Id, Ct))?.Id);
        Assert.True(await new SqliteHealth(reopened).PingAsync(Ct));
    }
}
