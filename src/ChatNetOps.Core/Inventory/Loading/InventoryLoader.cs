namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// Loads <c>devices.yaml</c>, <c>runbooks.yaml</c> and <c>policy.yaml</c> from an inventory folder, checking every
/// rule <c>chatnetops lint</c> enforces and reporting each problem with its file and line, all at once.
/// </summary>
public static class InventoryLoader
{
    public static InventoryLoadResult Load(string directory)
    {
        var diagnostics = new List<InventoryDiagnostic>();
        var context = new LoadContext();
        var devicesFile = new SourceFile(Path.Combine(directory, DeviceFileParser.FileName), diagnostics);
        var runbooksFile = new SourceFile(Path.Combine(directory, RunbookFileParser.FileName), diagnostics);
        var policyFile = new SourceFile(Path.Combine(directory, PolicyFileParser.FileName), diagnostics);

        var devices = DeviceFileParser.Parse(devicesFile, context);
        var runbooks = RunbookFileParser.Parse(runbooksFile, context);
        var policy = PolicyFileParser.Parse(policyFile, context);
        context.RunDeferred();

        var ordered = diagnostics
            .OrderBy(d => FileOrder(d.File))
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ToList();
        var hasErrors = ordered.Any(d => d.Severity == DiagnosticSeverity.Error);
        var catalog = hasErrors || policy is null
            ? null
            : new InventoryCatalog(devices.Devices, runbooks, policy, devices.JumpHosts)
            {
                Routes = devices.Routes,
                LocalOrigins = devices.Lines.ToDictionary(l => l.Key, l => DeviceOrigin.Local(l.Value), StringComparer.OrdinalIgnoreCase),
            };
        if (catalog is not null && File.Exists(Path.Combine(directory, AlertRouteFileParser.FileName)))
        {
            // Optional, and read against the loaded inventory: its runbooks, groups and devices.
            var routeDiagnostics = new List<InventoryDiagnostic>();
            var routes = AlertRouteFileParser.Parse(new SourceFile(Path.Combine(directory, AlertRouteFileParser.FileName), routeDiagnostics), catalog);
            ordered.AddRange(routeDiagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column));
            if (routeDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return new InventoryLoadResult(null, ordered);
            }

            catalog.AlertRoutes = routes;
        }

        return new InventoryLoadResult(catalog, ordered);

        static int FileOrder(string file) => Path.GetFileName(file) switch
        {
            DeviceFileParser.FileName => 0,
            RunbookFileParser.FileName => 1,
            _ => 2,
        };
    }

    /// <summary>Loads the folder or throws an <see cref="InventoryLoadException"/> listing every problem as <c>file:line: message</c>.</summary>
    public static InventoryCatalog LoadOrThrow(string directory)
    {
        var result = Load(directory);
        return result.Catalog ?? throw new InventoryLoadException(result.Diagnostics);
    }
}
