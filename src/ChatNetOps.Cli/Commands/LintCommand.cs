namespace ChatNetOps.Cli.Commands;

using ChatNetOps.Core.Inventory.Loading;

/// <summary><c>chatnetops lint</c>: checks devices.yaml, runbooks.yaml and policy.yaml and prints every problem as <c>file:line: message</c>.</summary>
internal sealed class LintCommand : ICliCommand
{
    public string Verb => "lint";

    public string Usage => "lint [--inventory DIR]";

    public string Summary => "check the inventory (devices, runbooks, policy); exit 1 on any problem";

    public Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var directory = args.InventoryPath;
        if (!Directory.Exists(directory))
        {
            stderr.WriteLine($"{directory}: inventory folder not found; pass --inventory DIR");
            return Task.FromResult(1);
        }

        var result = InventoryLoader.Load(directory);
        foreach (var diagnostic in result.Diagnostics)
        {
            stdout.WriteLine(diagnostic.Severity == DiagnosticSeverity.Warning ? $"{diagnostic} (warning)" : diagnostic.ToString());
        }

        if (result.Catalog is null || result.Diagnostics.Count > 0)
        {
            var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            stdout.WriteLine($"inventory has {result.Diagnostics.Count} problem(s) ({errors} error(s)) in {directory}");
            return Task.FromResult(1);
        }

        var catalog = result.Catalog;
        stdout.WriteLine($"inventory OK: {catalog.Devices.Count} devices, {catalog.Runbooks.Count} runbooks, {catalog.Policy.Members.Count} members");
        return Task.FromResult(0);
    }
}
