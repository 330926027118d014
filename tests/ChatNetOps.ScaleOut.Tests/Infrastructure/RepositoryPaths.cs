namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

/// <summary>The repository root (the folder holding ChatNetOps.sln), the inventory, and this run's log folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Inventory => Path.Combine(Root, "inventory");

    /// <summary>tests/ChatNetOps.ScaleOut.Tests/TestResults/scale-out (ignored by git): worker logs for diagnosis.</summary>
    public static string Results => Path.Combine(Root, "tests", "ChatNetOps.ScaleOut.Tests", "TestResults", "scale-out");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatNetOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ChatNetOps.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
