namespace ChatNetOps.Cli;

using ChatNetOps.Hosting;

/// <summary>Entry point of the <c>chatnetops</c> command: dispatches to one <see cref="ICliCommand"/> per verb.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var commands = CliCommands.All;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage(stdout, commands);
            return args.Length == 0 ? 2 : 0;
        }

        var command = commands.FirstOrDefault(c => c.Matches(args));
        if (command is null)
        {
            // "Did you mean" as in the chat: the nearest verb ("incdent export" → "incident export"), else the nearest
            // first word ("caht" → "chat").
            var typed = string.Join(' ', args.Take(2));
            var near = Conversation.Commands.Suggestions.Nearest(typed, commands.Select(c => c.Verb))
                ?? Conversation.Commands.Suggestions.Nearest(args[0], commands.Select(c => c.Verb.Split(' ')[0]));
            stderr.WriteLine($"chatnetops: unknown command '{typed}'{(near is null ? "." : $"; did you mean '{near}'?")}");
            PrintUsage(stderr, commands);
            return 2;
        }

        try
        {
            return await command.RunAsync(CliArguments.Parse(args.Skip(command.Verb.Split(' ').Length).ToArray()), stdout, stderr, cancellationToken);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"chatnetops {command.Verb}: {e.Message}");
            stderr.WriteLine($"usage: chatnetops {command.Usage}");
            return 2;
        }
        catch (Exception e) when (ConfigurationFaults.Describe(e) is { Count: > 0 } lines)
        {
            // A setting to fix (a value that does not convert or validate, an unknown provider, a --db file that is not
            // a usable SQLite database …): say which and why, no stack trace. Anything else still fails loudly.
            foreach (var line in lines)
            {
                stderr.WriteLine($"chatnetops {command.Verb}: {line}");
            }

            return 1;
        }
    }

    private static void PrintUsage(TextWriter writer, IReadOnlyList<ICliCommand> commands)
    {
        writer.WriteLine("usage: chatnetops <command> [options]   (every command takes --inventory DIR, default ./inventory)");
        writer.WriteLine($"database: {Path.GetFullPath(Hosting.CliServices.DefaultDatabase)} unless --db PATH says otherwise (the bot's and the worker's default too; Storage__Sqlite__Path sets it for all)");
        foreach (var c in commands)
        {
            writer.WriteLine($"  {c.Usage,-60} {c.Summary}");
        }
    }
}
