namespace ChatNetOps.Core.Tests.Inventory;

/// <summary>Finds the repository's shipped <c>inventory/</c> folder and makes editable copies of it.</summary>
internal static class SampleInventory
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "inventory");
            if (File.Exists(Path.Combine(candidate, "runbooks.yaml")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Could not find the repository's inventory/ folder above " + AppContext.BaseDirectory);
    }
}
