namespace ChatNetOps.Cli.Tests.Audit;

public sealed class AuditVerifyCommandTests
{
    [Fact]
    public async Task IntactTrail_ExitsZero()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(0, exit);
        Assert.Contains("all intact", output, StringComparison.Ordinal);
        Assert.Contains($"ok      {RecordedIncident.IncidentId}:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneEditedEvent_IsCaughtAndNamed()
    {
        await using var recorded = await RecordedIncident.CreateAsync();
        // Someone rewrites who approved the change in the stored event.
        await recorded.ExecuteSqlAsync(
            $"UPDATE audit_events SET json = replace(json, '\"carol\"', '\"mallory\"') WHERE partition = '{RecordedIncident.IncidentId}' AND json LIKE '%\"Approved\"%'");

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN  {RecordedIncident.IncidentId} at event {RecordedIncident.IncidentId}:", output, StringComparison.Ordinal);
        Assert.Contains("Approved", output, StringComparison.Ordinal);
        Assert.Contains("altered", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedEvent_IsCaughtAsAGap()
    {
        await using var recorded = await RecordedIncident.CreateAsync();
        await recorded.ExecuteSqlAsync($"DELETE FROM audit_events WHERE partition = '{RecordedIncident.IncidentId}' AND sequence = 2");

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Contains("sequence 3 where 2 was expected", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDatabase_IsAUsageErrorNamingTheOption()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["audit", "verify", "--db", "/nonexistent/x.db"], stdout, stderr, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("--db", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsNoCheckpointCoversYet_AreReportedAsNotYetAnchored_ExitZero()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(0, exit);
        Assert.Contains("event(s) not yet anchored", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anchored_IntactTrail_SaysEveryEventIsAnchored()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(0, exit);
        Assert.Contains("all intact; every event anchored", output, StringComparison.Ordinal);
        Assert.Contains("checkpoints: file " + recorded.CheckpointsPath + ": 1 of 1 verify", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anchored_DeletedTail_IsNamedAsTruncated()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);
        await recorded.ExecuteSqlAsync(
            $"DELETE FROM audit_events WHERE partition = '{RecordedIncident.IncidentId}' AND sequence = (SELECT MAX(sequence) FROM audit_events WHERE partition = '{RecordedIncident.IncidentId}')");

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN  {RecordedIncident.IncidentId}: tail truncated", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anchored_DeletedIncidentChain_IsNamedAsMissing()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);
        await recorded.ExecuteSqlAsync($"DELETE FROM audit_events WHERE partition = '{RecordedIncident.IncidentId}'", expectedRows: null);

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Contains($"MISSING {RecordedIncident.IncidentId}: deleted", output, StringComparison.Ordinal);
        Assert.Contains("1 anchored partition(s) MISSING", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedCheckpoint_IsNamed()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);
        var first = (await File.ReadAllLinesAsync(recorded.CheckpointsPath))[0];
        await File.AppendAllTextAsync(recorded.CheckpointsPath, first + "\n");

        var (exit, output, _) = await recorded.RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Contains("CHECKPOINT line 2 of " + recorded.CheckpointsPath, output, StringComparison.Ordinal);
        Assert.Contains("old checkpoint replayed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalAuditor_VerifiesACopyOfTheStoreAgainstExportedCheckpoints()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);
        var exported = recorded.DatabasePath + ".exported.jsonl";
        var (exportExit, _, _) = await recorded.RunAsync("audit", "checkpoints", "--out", exported);
        Assert.Equal(0, exportExit);
        var copy = Path.Combine(Path.GetDirectoryName(recorded.DatabasePath)!, "copy", "store.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(recorded.DatabasePath, copy);

        var (exit, output, error) = await RunOnCopyAsync(copy, exported, recorded);
        Assert.True(exit == 0, output + error);
        Assert.Contains("all intact; every event anchored", output, StringComparison.Ordinal);

        // The copy handed over lost its last event.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM audit_events WHERE partition = '{RecordedIncident.IncidentId}' AND sequence = (SELECT MAX(sequence) FROM audit_events WHERE partition = '{RecordedIncident.IncidentId}')";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        (exit, output, _) = await RunOnCopyAsync(copy, exported, recorded);
        Assert.Equal(1, exit);
        Assert.Contains("tail truncated", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(copy)!, "store.audit-key")), "verifying a copy creates no key of its own");
    }

    private static async Task<(int Exit, string Out, string Err)> RunOnCopyAsync(string copy, string checkpoints, RecordedIncident recorded)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(
            ["audit", "verify", "--db", copy, "--checkpoints", checkpoints, "--key", recorded.KeyPath, "--inventory", recorded.InventoryPath],
            stdout, stderr, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
