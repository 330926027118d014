namespace ChatNetOps.Teams.Tests.Playground;

/// <summary>The Playground tests take turns: each runs a bot, the Playground and a headless Chromium.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlaygroundCollection
{
    public const string Name = "Playground";
}
