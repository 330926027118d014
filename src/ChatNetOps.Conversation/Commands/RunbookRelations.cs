namespace ChatNetOps.Conversation.Commands;

using ChatNetOps.Core.Inventory;

/// <summary>How runbooks of the catalog relate, for pointing someone at the right one.</summary>
internal static class RunbookRelations
{
    /// <summary>
    /// The runbook that sends the same commands as <paramref name="runbook"/> but to the other kind of target: a device
    /// group where <paramref name="runbook"/> takes one device (<c>verify-ospf</c> → <c>ospf-fleet-check</c>), or one
    /// device where it takes a group. The one sharing most command lines wins; null when none shares any.
    /// </summary>
    public static Runbook? Counterpart(InventoryCatalog catalog, Runbook runbook)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(runbook);
        var takesGroup = runbook.Inputs.Any(i => i.Type == InputType.DeviceGroup);
        var takesDevice = runbook.Inputs.Any(i => i.Type == InputType.Device);
        if (takesGroup == takesDevice)
        {
            return null;
        }

        var wanted = takesGroup ? InputType.Device : InputType.DeviceGroup;
        var lines = Lines(runbook);
        return catalog.Runbooks
            .Where(r => !ReferenceEquals(r, runbook) && r.Mode == runbook.Mode && r.Inputs.Any(i => i.Type == wanted))
            .Select(r => (Runbook: r, Shared: Lines(r).Count(lines.Contains)))
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared)
            .ThenBy(x => x.Runbook.Name, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Runbook)
            .FirstOrDefault();
    }

    private static HashSet<string> Lines(Runbook runbook) =>
        runbook.Commands.SelectMany(p => p.Value.Select(line => $"{p.Key}:{line}")).ToHashSet(StringComparer.Ordinal);
}
