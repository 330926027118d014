namespace ChatNetOps.Cli;

/// <summary>One verb of the CLI. Add a new command by implementing this and listing it in <see cref="CliCommands"/>.</summary>
public interface ICliCommand
{
    /// <summary>The words that select the command, e.g. <c>lint</c> or <c>audit verify</c>.</summary>
    string Verb { get; }

    string Usage { get; }

    string Summary { get; }

    bool Matches(string[] args)
    {
        var words = Verb.Split(' ');
        return args.Length >= words.Length
            && words.Select((w, i) => string.Equals(w, args[i], StringComparison.OrdinalIgnoreCase)).All(x => x);
    }

    /// <summary>Runs the command; returns the process exit code (0 ok, 1 problems found, 2 usage error).</summary>
    Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
}
