namespace ChatNetOps.Execution.Lab;

/// <summary>One command a lab shell answers: a <see cref="CliGrammar"/> pattern and what to do with its captures.</summary>
internal sealed record CliCommand(string Pattern, Func<IReadOnlyDictionary<string, string>, CommandOutcome> Handler)
{
    /// <summary>Runs the first command whose pattern matches; otherwise returns null and how many words the best candidate matched.</summary>
    public static CommandOutcome? Dispatch(CliLine line, IEnumerable<CliCommand> commands, out int bestMatched)
    {
        bestMatched = 0;
        foreach (var command in commands)
        {
            if (CliGrammar.TryMatch(line, command.Pattern, out var captures, out var matched))
            {
                return command.Handler(captures);
            }

            bestMatched = Math.Max(bestMatched, matched);
        }

        return null;
    }
}
