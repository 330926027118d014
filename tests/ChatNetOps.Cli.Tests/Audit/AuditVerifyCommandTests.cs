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
}
