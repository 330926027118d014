namespace ChatNetOps.Cli.Commands;

using ChatNetOps.Cli.Inventory;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary><c>chatnetops devices</c>: every device the catalog holds, with where its record comes from.</summary>
internal sealed class DevicesCommand : ICliCommand
{
    public string Verb => "devices";

    public string Usage => "devices [--inventory DIR] [--config FILE] [--snapshot PATH] [--offline]";

    public string Summary => "list devices with their source (devices.yaml line, NetBox/Nautobot id); --offline uses the snapshot only";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var result = InventoryLoader.Load(args.InventoryPath);
        if (result.Catalog is not { } catalog)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                stderr.WriteLine(diagnostic);
            }

            stderr.WriteLine($"the inventory in {args.InventoryPath} has problems; run 'chatnetops lint'");
            return 1;
        }

        using var source = CliInventorySource.Create(args, catalog);
        if (source is not null)
        {
            await source.Refresher.LoadSnapshotAsync(stale: true, cancellationToken);
            if (!args.Flag("offline"))
            {
                await source.Refresher.RefreshAsync(persist: false, cancellationToken);
            }
        }

        var rows = catalog.Devices
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Select(d => new[]
            {
                d.Name,
                d.Platform.ToName(),
                $"{d.Address}:{d.Port}",
                d.Site,
                string.Join(",", d.Groups),
                d.Via.Count == 0 ? "-" : string.Join(">", d.Via.Select(j => j.Name)),
                catalog.OriginOf(d.Name).ToString(),
            })
            .Prepend(["NAME", "PLATFORM", "ADDRESS", "SITE", "GROUPS", "VIA", "SOURCE"])
            .ToList();
        var widths = Enumerable.Range(0, 7).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            stdout.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        if (catalog.Source is { } status)
        {
            stdout.WriteLine(status.Describe());
            foreach (var finding in status.Findings)
            {
                stdout.WriteLine(finding.Severity == DiagnosticSeverity.Warning ? $"{finding} (warning)" : finding.ToString());
            }
        }

        return 0;
    }
}
