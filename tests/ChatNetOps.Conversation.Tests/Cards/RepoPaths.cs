namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>Locates the repository's cards/ and tests/js/ from the test's working directory.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string CardsDirectory => Path.Combine(RepoRoot, "cards");

    public static string NodePeerDirectory => Path.Combine(RepoRoot, "tests", "js");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "cards", "help.json"))
                    && File.Exists(Path.Combine(dir.FullName, "tests", "js", "package.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Could not find the repository root (with cards/ and tests/js/) above {AppContext.BaseDirectory}.");
    }
}
