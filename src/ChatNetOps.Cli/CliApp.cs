namespace ChatNetOps.Cli;

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
            stderr.WriteLine($"chatnetops: unknown command '{string.Join(' ', args.Take(2))}'.");
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
        catch (Storage.Sqlite.SqliteStorageException e)
        {
            // The database (--db) is not a usable SQLite file: say which and why, no stack trace.
            stderr.WriteLine($"chatnetops {command.Verb}: {e.Message}");
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
