namespace ChatNetOps.Cli.Commands;

using System.Globalization;
using ChatNetOps.Cli.Hosting;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>chatnetops changes pending|dead|retry</c>: the change-record outbox of the hosts' store, the SQLite file (<c>--db</c>)
/// or Cosmos DB when the environment sets <c>Storage__Provider=Cosmos</c> with the hosts' <c>Cosmos__*</c>. Pending
/// lists what waits for the ticket system (attempts, next attempt, last error); dead lists what stopped (and holds back
/// its incident's later events); retry puts one dead event (by id, as listed) or every dead event back in the queue,
/// for the dispatcher of the running bot (or the next <c>chatnetops chat</c>) to deliver in order.
/// </summary>
internal sealed class ChangesCommand(IReadOnlyDictionary<string, string?>? environment = null) : ICliCommand
{
    private const int Max = 1000;

    public string Verb => "changes";

    public string Usage => "changes pending|dead|retry [ID|--all] [--db PATH]";

    public string Summary => "the change-record outbox: events waiting for the ticket, dead ones, and putting dead ones back";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var action = args.Positional.Count > 0 ? args.Positional[0] : throw new CliUsageException("say which: changes pending, changes dead or changes retry ID|--all");
        if (action is not ("pending" or "dead" or "retry"))
        {
            throw new CliUsageException($"unknown action '{action}'; use pending, dead or retry");
        }

        await using var services = CliServices.BuildStore(args, environment, out var where);
        var store = services.GetRequiredService<IChangeRecordStore>();
        switch (action)
        {
            case "pending":
                return await ListAsync(store, OutboxState.Pending, where, stdout, cancellationToken);
            case "dead":
                return await ListAsync(store, OutboxState.Dead, where, stdout, cancellationToken);
            case "retry":
                return await RetryAsync(store, args, stdout, stderr, cancellationToken);
            default:
                throw new CliUsageException($"unknown action '{action}'; use pending, dead or retry");
        }
    }

    private static async Task<int> ListAsync(IChangeRecordStore store, OutboxState state, string where, TextWriter stdout, CancellationToken cancellationToken)
    {
        var entries = await store.ListAsync(state, Max, cancellationToken);
        foreach (var e in entries)
        {
            var when = state == OutboxState.Dead ? $"dead since {e.DeadAt:O}" : $"next attempt {e.NextAttemptAt:O}";
            stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{e.Id}  {e.Event.Kind}  attempts {e.Attempts}  {when}{(e.LastError is null ? string.Empty : "  " + e.LastError)}"));
        }

        stdout.WriteLine($"changes {state.ToString().ToLowerInvariant()}: {entries.Count} event(s) in {where}");
        return 0;
    }

    private static async Task<int> RetryAsync(IChangeRecordStore store, CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxEntry> targets;
        if (args.Flag("all"))
        {
            targets = await store.ListAsync(OutboxState.Dead, Max, cancellationToken);
        }
        else
        {
            var id = args.Positional.Count > 1 ? args.Positional[1] : throw new CliUsageException("changes retry takes an id as 'changes dead' lists it (e.g. ServiceNow|INC-1234:0000000003), or --all");
            var (sink, incident, sequence) = Parse(id);
            var entry = await store.GetAsync(sink, incident, sequence, cancellationToken);
            if (entry is not { State: OutboxState.Dead })
            {
                stderr.WriteLine($"changes retry: no dead event '{id}' (see chatnetops changes dead)");
                return 1;
            }

            targets = [entry];
        }

        var retried = 0;
        foreach (var entry in targets)
        {
            var back = entry with { State = OutboxState.Pending, Attempts = 0, DeadAt = null, NextAttemptAt = TimeProvider.System.GetUtcNow() };
            if (await store.TryReplaceAsync(back, entry.ETag!, cancellationToken) is not null)
            {
                retried++;
                stdout.WriteLine($"queued again: {entry.Id}");
            }
        }

        stdout.WriteLine($"changes retry: {retried} event(s) back in the queue; the bot's dispatcher delivers them at its next pass");
        return 0;
    }

    private static (string Sink, string Incident, long Sequence) Parse(string id)
    {
        var bar = id.IndexOf('|', StringComparison.Ordinal);
        var colon = id.LastIndexOf(':');
        return bar > 0 && colon > bar && long.TryParse(id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? (id[..bar], id[(bar + 1)..colon], sequence)
            : throw new CliUsageException($"'{id}' is not an outbox id; use one as 'changes dead' lists it, e.g. ServiceNow|INC-1234:0000000003");
    }
}
