namespace ChatNetOps.Cli.Commands;

using System.Globalization;
using ChatNetOps.Cli.Hosting;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>chatnetops audit verify</c>: verifies the checkpoint log (MACs with the key, links, positions: a replayed or forged
/// checkpoint is named), then recomputes every hash chain of the store and checks it against what the checkpoints anchor:
/// an altered event, a missing or reordered one, a chain rewritten with recomputed hashes, a truncated tail and a deleted
/// partition are each named; exit 1 on any. Events after the last checkpoint are reported as not yet anchored (exit 0).
/// With <c>--checkpoints PATH|URL</c> and <c>--key PATH</c> it checks a copy of the store against an exported log, as an
/// external auditor does.
/// </summary>
internal sealed class AuditVerifyCommand(IReadOnlyDictionary<string, string?>? environment = null) : ICliCommand
{
    public string Verb => "audit verify";

    public string Usage => "audit verify [--db PATH] [--partition P] [--checkpoints PATH|URL] [--key PATH]";

    public string Summary => "verify every audit chain against the keyed checkpoints; exit 1 naming what was altered, deleted or rewritten";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        await using var audit = await CliAuditServices.BuildAsync(args, environment, cancellationToken);
        var checkpoints = await ReadCheckpointsAsync(audit, args, cancellationToken);
        var verifier = audit.Services.GetRequiredService<AuditVerifier>();
        var only = args.Option("partition");
        var report = only is null
            ? await verifier.VerifyAllAsync(checkpoints, cancellationToken)
            : await VerifyOneAsync(verifier, only, checkpoints, cancellationToken);

        stdout.WriteLine($"store: {audit.Store}");
        stdout.WriteLine(Describe(audit.Checkpoints, checkpoints));
        foreach (var problem in checkpoints.Problems)
        {
            stdout.WriteLine($"CHECKPOINT {problem.Location}: {problem.Problem}");
        }

        foreach (var r in report.Chains)
        {
            if (r.IsIntact)
            {
                stdout.WriteLine($"ok      {r.Partition}: {r.Events} events, {Anchoring(r)}");
            }
            else
            {
                var at = r.FirstBroken is null ? string.Empty : $" at event {r.FirstBroken.Id} (sequence {r.FirstBroken.Sequence}, {r.FirstBroken.Kind})";
                stdout.WriteLine($"BROKEN  {r.Partition}{at}: {r.Problem}");
            }
        }

        foreach (var missing in report.Missing)
        {
            stdout.WriteLine($"MISSING {missing.Partition}: {missing.Problem}");
        }

        var broken = report.Chains.Count(c => !c.IsIntact);
        if (report.IsIntact)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audit verify: {report.Chains.Count} chains, {report.Events} events, all intact; {(report.NotYetAnchored == 0 ? "every event anchored" : $"{report.NotYetAnchored} event(s) not yet anchored")}"));
            return 0;
        }

        var parts = new List<string>();
        if (broken > 0)
        {
            parts.Add($"{broken} of {report.Chains.Count} chains BROKEN");
        }

        if (report.Missing.Count > 0)
        {
            parts.Add($"{report.Missing.Count} anchored partition(s) MISSING");
        }

        if (checkpoints.Problems.Count > 0)
        {
            parts.Add($"{checkpoints.Problems.Count} checkpoint record(s) do not verify");
        }

        stdout.WriteLine($"audit verify: {string.Join(", ", parts)}");
        return 1;
    }

    internal static async Task<CheckpointState> ReadCheckpointsAsync(CliAuditServices audit, CliArguments args, CancellationToken cancellationToken)
    {
        try
        {
            var state = await AuditCheckpointLog.VerifyAsync(audit.Checkpoints, audit.Keys, cancellationToken);
            if (args.Option("checkpoints") is { } given && state.ReadThrough == 0)
            {
                throw new CliUsageException($"'{given}' holds no checkpoint");
            }

            return state;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException)
        {
            // The key is missing, unreadable by its owner only, or too short: say which, no stack trace.
            throw new CliUsageException(e.Message);
        }
    }

    private static async Task<AuditReport> VerifyOneAsync(AuditVerifier verifier, string partition, CheckpointState checkpoints, CancellationToken cancellationToken)
    {
        var chain = await verifier.VerifyAsync(partition, checkpoints, cancellationToken);
        IReadOnlyList<MissingPartition> missing = chain.Events == 0 && chain.FirstBroken is null && checkpoints.Heads.ContainsKey(partition)
            ? [new MissingPartition(partition, checkpoints.AnchorsOf(partition)[^1])]
            : [];
        return new AuditReport(missing.Count > 0 ? [] : [chain], missing, checkpoints);
    }

    private static string Describe(IAuditCheckpointSink sink, CheckpointState state) =>
        state.Latest is { } latest
            ? string.Create(CultureInfo.InvariantCulture,
                $"checkpoints: {sink.Description}: {state.Verified} of {state.ReadThrough - state.FirstPosition + 1} verify; latest #{latest.Sequence} at {latest.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss'Z'} ({latest.Reason}, key {latest.KeyId}) anchors {latest.Partitions} partition(s)")
            : state.ReadThrough == 0
                ? $"checkpoints: {sink.Description}: none yet; nothing is anchored"
                : $"checkpoints: {sink.Description}: none of {state.ReadThrough} record(s) verifies; nothing is anchored";

    private static string Anchoring(ChainVerification r) =>
        r.AnchoredThrough == 0 ? "not yet anchored"
        : r.NotYetAnchored == 0 ? $"anchored up to event {r.AnchoredThrough}"
        : $"anchored up to event {r.AnchoredThrough}; event{(r.NotYetAnchored > 1 ? $"s {r.AnchoredThrough + 1}..{r.Events}" : $" {r.Events}")} not yet anchored";
}
