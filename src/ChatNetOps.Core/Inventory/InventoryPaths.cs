namespace ChatNetOps.Core.Inventory;

/// <summary>Finds the inventory folder: as configured, or for a relative path, in the nearest parent that has it.</summary>
public static class InventoryPaths
{
    public static string Resolve(string configured)
    {
        if (Path.IsPathRooted(configured) || Directory.Exists(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Inventory folder '{configured}' was not found from '{Directory.GetCurrentDirectory()}' or its parents. Set Inventory:Path (or --inventory) to the folder holding devices.yaml, runbooks.yaml and policy.yaml.");
    }
}
