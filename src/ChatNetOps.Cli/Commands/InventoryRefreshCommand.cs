namespace ChatNetOps.Cli.Commands;

using ChatNetOps.Cli.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// <c>chatnetops inventory refresh</c>: reads the NetBox / Nautobot source now and writes the snapshot the bot and
/// workers serve; hosts sharing that file pick it up within <c>Inventory:Source:SnapshotPollInterval</c>.
/// </summary>
internal sealed class InventoryRefreshCommand : ICliCommand
{
    public string Verb => "inventory refresh";

    public string Usage => "inventory refresh [--inventory DIR] [--config FILE] [--snapshot PATH] [--db PATH]";

    public string Summary => "read the inventory source now and write its snapshot; exit 1 when unreachable or on any problem";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var result = InventoryLoader.Load(args.InventoryPath);
        if (result.Catalog is not { } catalog)
        {
            stderr.WriteLine($"the inventory in {args.InventoryPath} has problems; run 'chatnetops lint'");
            return 1;
        }

        using var source = CliInventorySource.Create(args, catalog)
            ?? throw new CliUsageException("no inventory source is configured: set Inventory:Source:NetBox:Url and :Token (or :Nautobot:) in --config FILE or the environment (Inventory__Source__NetBox__Url)");
        await source.Refresher.LoadSnapshotAsync(stale: true, cancellationToken);
        var outcome = await source.Refresher.RefreshAsync(cancellationToken);
        foreach (var finding in outcome.Status.Findings)
        {
            stdout.WriteLine(finding.Severity == DiagnosticSeverity.Warning ? $"{finding} (warning)" : finding.ToString());
        }

        if (!outcome.Succeeded)
        {
            stderr.WriteLine(outcome.Error);
            stderr.WriteLine(outcome.Status.FetchedAt is null ? "no snapshot was written" : $"the snapshot at {source.Refresher.SnapshotPath} is unchanged");
            return 1;
        }

        stdout.WriteLine($"{outcome.Status.Describe()}; {source.Refresher.LastValidated} new or changed; snapshot written to {source.Refresher.SnapshotPath}");
        return outcome.Status.Findings.Count == 0 ? 0 : 1;
    }
}
