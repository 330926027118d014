namespace ChatNetOps.Cli.Commands;

using ChatNetOps.Cli.Hosting;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Reports;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>chatnetops report</c>: refusals, approval latency, incident timings, run outcomes and lock contention, built in
/// one streamed pass over the verified audit trail. Exit 1 when a chain does not verify (the report still prints).
/// </summary>
internal sealed class ReportCommand : ICliCommand
{
    public string Verb => "report";

    public string Usage => "report [--since 30d] [--until T] [--incident INC-…] [--format md|json|csv|html] [--out FILE] [--db PATH] [--inventory DIR]";

    public string Summary => "what the audit trail says about refusals, approvals, incidents and runs (verified events only)";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var formatName = args.Option("format") ?? "md";
        if (!Enum.TryParse<ReportFormat>(formatName, ignoreCase: true, out var format) || !Enum.IsDefined(format) || int.TryParse(formatName, out _))
        {
            throw new CliUsageException($"unknown format '{formatName}'; use md, json, csv or html");
        }

        await using var services = CliServices.Build(args);
        var time = services.GetRequiredService<TimeProvider>();
        ReportQuery query;
        try
        {
            query = ReportWindow.Parse(args.Option("since"), args.Option("until"), args.Option("incident"), time.GetUtcNow());
        }
        catch (FormatException e)
        {
            throw new CliUsageException(e.Message);
        }

        var lookups = ReportLookups.None;
        if (InventoryLoader.Load(args.InventoryPath).Catalog is { } catalog)
        {
            lookups = ReportLookups.From(catalog);
        }
        else
        {
            stderr.WriteLine($"chatnetops report: no usable inventory in {args.InventoryPath}; roles and platforms read 'unknown' (pass --inventory DIR)");
        }

        var report = await new AuditReportBuilder(services.GetRequiredService<IAuditLog>(), time).BuildAsync(query, lookups, cancellationToken);
        if (args.Option("out") is { } path)
        {
            await using var file = File.Create(path);
            ReportWriter.Write(report, format, file);
            stdout.WriteLine($"{report.Chain.Describe()}; {format.ToString().ToLowerInvariant()} report written to {path}");
        }
        else
        {
            await stdout.WriteAsync(ReportWriter.ToText(report, format).AsMemory(), cancellationToken);
        }

        if (!report.Chain.Intact)
        {
            stderr.WriteLine("chatnetops report: " + report.Chain.Describe());
        }

        return report.Chain.Intact ? 0 : 1;
    }
}
