namespace ChatNetOps.Cli.Commands;

using ChatNetOps.Cli.Hosting;
using ChatNetOps.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

/// <summary><c>chatnetops audit verify</c>: recomputes every hash chain and names the first broken event.</summary>
internal sealed class AuditVerifyCommand : ICliCommand
{
    public string Verb => "audit verify";

    public string Usage => "audit verify [--db PATH] [--partition P]";

    public string Summary => "recompute every audit hash chain; exit 1 naming the first broken event";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        await using var services = CliServices.Build(args);
        var verifier = services.GetRequiredService<AuditVerifier>();
        var only = args.Option("partition");
        var results = only is null
            ? await verifier.VerifyAllAsync(cancellationToken)
            : [await verifier.VerifyAsync(only, cancellationToken)];

        long events = 0;
        var broken = 0;
        foreach (var r in results)
        {
            events += r.Events;
            if (r.IsIntact)
            {
                stdout.WriteLine($"ok      {r.Partition}: {r.Events} events");
            }
            else
            {
                broken++;
                var at = r.FirstBroken is null ? string.Empty : $" at event {r.FirstBroken.Id} (sequence {r.FirstBroken.Sequence}, {r.FirstBroken.Kind})";
                stdout.WriteLine($"BROKEN  {r.Partition}{at}: {r.Problem}");
            }
        }

        stdout.WriteLine(broken == 0
            ? $"audit verify: {results.Count} chains, {events} events, all intact"
            : $"audit verify: {broken} of {results.Count} chains BROKEN");
        return broken == 0 ? 0 : 1;
    }
}
