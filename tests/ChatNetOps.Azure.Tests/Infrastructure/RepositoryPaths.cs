namespace ChatNetOps.Azure.Tests.Infrastructure;

/// <summary>The repository root (the folder holding ChatNetOps.sln) and the shared tools beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> from the repository root; fails with a clear message when it is missing.</summary>
    public static string Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            if (!Directory.Exists(Path.Combine(shared, "tools", "cosmos-test-server")))
            {
                throw new InvalidOperationException(
                    $"The shared tools folder is missing: expected {shared}/tools/cosmos-test-server beside the repository ({Root}). " +
                    "Clone or copy shared/ next to the project root; the Cosmos tests run against its protocol test server.");
            }

            return shared;
        }
    }

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
