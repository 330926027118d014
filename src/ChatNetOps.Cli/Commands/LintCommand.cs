namespace ChatNetOps.Cli.Commands;

using ChatNetOps.Cli.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary><c>chatnetops lint</c>: checks devices.yaml, runbooks.yaml and policy.yaml and prints every problem as <c>file:line: message</c>.</summary>
internal sealed class LintCommand : ICliCommand
{
    public string Verb => "lint";

    public string Usage => "lint [--inventory DIR] [--config FILE]";

    public string Summary => "check the inventory (devices, runbooks, policy); exit 1 on any problem";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var directory = args.InventoryPath;
        if (!Directory.Exists(directory))
        {
            stderr.WriteLine($"{directory}: inventory folder not found; pass --inventory DIR");
            return 1;
        }

        var result = InventoryLoader.Load(directory);
        var diagnostics = result.Diagnostics.ToList();
        string? sources = null;
        if (result.Catalog is { } loaded && CliInventorySource.Create(args, loaded) is { } source)
        {
            // With a source configured, lint reads it too: its devices are checked by the same schema, and conflicts
            // with devices.yaml are findings. The snapshot the hosts serve is left as it is.
            using (source)
            {
                var outcome = await source.Refresher.RefreshAsync(persist: false, cancellationToken);
                diagnostics.AddRange(outcome.Status.Findings);
                if (!outcome.Succeeded)
                {
                    diagnostics.Add(new InventoryDiagnostic($"{outcome.Status.Kind} {outcome.Status.Location}", 0, 0, outcome.Error!, DiagnosticSeverity.Error));
                }

                var local = loaded.Devices.Count(d => loaded.OriginOf(d.Name).IsLocal);
                sources = $"devices: {local} from devices.yaml, {loaded.Devices.Count - local} from {outcome.Status.Kind} {outcome.Status.Location}";
            }
        }

        foreach (var diagnostic in diagnostics)
        {
            stdout.WriteLine(diagnostic.Severity == DiagnosticSeverity.Warning ? $"{diagnostic} (warning)" : diagnostic.ToString());
        }

        if (result.Catalog is null || diagnostics.Count > 0)
        {
            var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            stdout.WriteLine($"inventory has {diagnostics.Count} problem(s) ({errors} error(s)) in {directory}");
            return 1;
        }

        var catalog = result.Catalog;
        if (sources is not null)
        {
            stdout.WriteLine(sources);
        }

        stdout.WriteLine($"inventory OK: {catalog.Devices.Count} devices, {catalog.Runbooks.Count} runbooks, {catalog.Policy.Members.Count} members");
        return 0;
    }
}
