namespace ChatNetOps.Cli.Commands;

using System.Text.Json.Nodes;
using ChatNetOps.Cli.Hosting;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Incidents;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>chatnetops incident export INC-… --format md|json</c>: the incident's operational record built from its verified chain
/// events alone (checked against the keyed checkpoints), with the stored outputs joined by hash and every mutable row that
/// disagrees with the chain named. Exit 0 when the chain is intact and nothing disagrees, 1 otherwise or when nothing is
/// recorded for the id.
/// </summary>
internal sealed class IncidentExportCommand(IReadOnlyDictionary<string, string?>? environment = null) : ICliCommand
{
    public string Verb => "incident export";

    public string Usage => "incident export INC-… [--format md|json] [--db PATH] [--checkpoints PATH|URL] [--key PATH]";

    public string Summary => "print an incident's record from its verified audit chain: requests, approvals, runs, output hashes, disagreements";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var id = args.Required(0, "incident id (e.g. INC-1234)");
        var format = (args.Option("format") ?? "md").ToLowerInvariant();
        if (format is not ("md" or "json"))
        {
            throw new CliUsageException($"unknown format '{format}'; use md or json");
        }

        if (!IncidentService.IsValidId(id.Trim().ToUpperInvariant()))
        {
            throw new CliUsageException($"'{id}' is not an incident id; use a form like INC-1234");
        }

        await using var audit = await CliAuditServices.BuildAsync(args, environment, cancellationToken);
        var checkpoints = await AuditVerifyCommand.ReadCheckpointsAsync(audit, args, cancellationToken);
        var timeline = await audit.Services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync(id, checkpoints, cancellationToken);
        if (!timeline.IsRecorded)
        {
            stderr.WriteLine($"chatnetops incident export: nothing is recorded for {timeline.IncidentId} in {audit.Store} (no audit chain, no checkpoint anchoring one, no incident or request rows); --db PATH reads another database");
            return 1;
        }

        // The change record (ticket) of the incident, from the outbox's mapping compared with the chain: one line in md,
        // one field in json.
        var ticket = audit.Services.GetService<IChangeRecordStore>() is { } changeRecords
            ? await ChangeRecordStatus.DescribeAsync(
                changeRecords,
                audit.Services.GetRequiredService<IAuditLog>(),
                audit.Services.GetService<ChangeRecordSubscription>()?.Kinds ?? ChangeRecordOptions.DefaultEvents.ToHashSet(),
                timeline.IncidentId,
                cancellationToken)
            : null;
        if (format == "json")
        {
            var json = JsonNode.Parse(TimelineFormatter.ToJson(timeline, audit.Checkpoints.Description))!;
            json["ticket"] = ticket;
            stdout.Write(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        }
        else
        {
            stdout.Write(TimelineFormatter.ToMarkdown(timeline, audit.Checkpoints.Description));
            if (ticket is not null)
            {
                stdout.Write($"{Environment.NewLine}Ticket: {ticket}{Environment.NewLine}");
            }
        }

        if (!timeline.IsConsistent)
        {
            var mismatched = timeline.Outputs.Count(o => !o.Matches && o.StoredSha256 is not null);
            stderr.WriteLine($"chatnetops incident export: {timeline.IncidentId}: {timeline.Verdict}{(timeline.Discrepancies.Count > 0 ? $"; {timeline.Discrepancies.Count} stored row value(s) disagree with the chain" : string.Empty)}{(mismatched > 0 ? $"; {mismatched} stored output(s) do not match the chain" : string.Empty)}");
        }

        return timeline.IsConsistent ? 0 : 1;
    }
}
