namespace ChatNetOps.Cli.Commands;

using System.Text.Json.Nodes;
using ChatNetOps.Cli.Hosting;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Incidents;
using Microsoft.Extensions.DependencyInjection;

/// <summary><c>chatnetops incident export INC-… --format md|json</c>: the incident's full operational timeline.</summary>
internal sealed class IncidentExportCommand : ICliCommand
{
    public string Verb => "incident export";

    public string Usage => "incident export INC-… [--format md|json] [--db PATH]";

    public string Summary => "print an incident's timeline: requests, approvals, runs, return codes, output hashes";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var id = args.Required(0, "incident id (e.g. INC-1234)");
        var format = (args.Option("format") ?? "md").ToLowerInvariant();
        if (format is not ("md" or "json"))
        {
            throw new CliUsageException($"unknown format '{format}'; use md or json");
        }

        await using var services = CliServices.Build(args);
        var timeline = await services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync(id, cancellationToken);
        if (timeline.Incident is null && timeline.Events.Count == 0 && timeline.Requests.Count == 0)
        {
            stderr.WriteLine($"chatnetops incident export: nothing is recorded for {timeline.IncidentId}");
            return 1;
        }

        // The change record (ticket) of the incident, from the outbox's mapping: one line in md, one field in json.
        var ticket = await ChangeRecordStatus.DescribeAsync(services.GetRequiredService<IChangeRecordStore>(), timeline.IncidentId, cancellationToken);
        if (format == "json" && ticket is not null)
        {
            var json = JsonNode.Parse(TimelineFormatter.ToJson(timeline))!;
            json["ticket"] = ticket;
            stdout.Write(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        }
        else
        {
            stdout.Write(format == "json" ? TimelineFormatter.ToJson(timeline) : TimelineFormatter.ToMarkdown(timeline));
            if (ticket is not null)
            {
                stdout.Write($"{Environment.NewLine}Ticket: {ticket}{Environment.NewLine}");
            }
        }

        return timeline.Chain.IsIntact ? 0 : 1;
    }
}
