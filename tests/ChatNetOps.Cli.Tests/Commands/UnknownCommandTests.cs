namespace ChatNetOps.Cli.Tests.Commands;

/// <summary>
/// A mistyped command gets "did you mean" as in the chat, then the usage, exit 2; before, only the usage.
/// </summary>
public sealed class UnknownCommandTests
{
    [Theory]
    [InlineData("incdent export INC-1234", "chatnetops: unknown command 'incdent export'; did you mean 'incident export'?")]
    [InlineData("audit verfy", "chatnetops: unknown command 'audit verfy'; did you mean 'audit verify'?")]
    [InlineData("caht --as alice", "chatnetops: unknown command 'caht --as'; did you mean 'chat'?")]
    [InlineData("frobnicate", "chatnetops: unknown command 'frobnicate'.")]
    public async Task UnknownCommand_SuggestsTheNearestAndPrintsTheUsage(string commandLine, string firstLine)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CliApp.RunAsync(commandLine.Split(' '), stdout, stderr, CancellationToken.None);

        Assert.Equal(2, code);
        var lines = stderr.ToString().Split('\n');
        Assert.Equal(firstLine, lines[0].TrimEnd());
        Assert.StartsWith("usage: chatnetops <command>", lines[1], StringComparison.Ordinal);
    }
}
