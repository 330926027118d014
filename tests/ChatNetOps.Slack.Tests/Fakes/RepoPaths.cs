namespace ChatNetOps.Slack.Tests.Fakes;

/// <summary>Paths in the repository, found from the test's output directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Cards => Path.Combine(Root, "cards");

    public static string SlackTypes => Path.Combine(Root, "tests", "slack-types");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatNetOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"ChatNetOps.sln not found above {AppContext.BaseDirectory}.");
    }
}
