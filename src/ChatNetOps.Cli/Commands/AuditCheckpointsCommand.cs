namespace ChatNetOps.Cli.Commands;

using ChatNetOps.Cli.Hosting;

/// <summary>
/// <c>chatnetops audit checkpoints [--out FILE]</c>: exports the checkpoint log exactly as stored (one record per line,
/// records that do not verify included), from the hosts' sink: the file beside the database, or the Blob container when
/// the environment sets <c>Audit__Checkpoints__Provider=Blob</c>. An auditor verifies a copy of the store against it with
/// <c>audit verify --checkpoints FILE --key KEY</c>.
/// </summary>
internal sealed class AuditCheckpointsCommand(IReadOnlyDictionary<string, string?>? environment = null) : ICliCommand
{
    public string Verb => "audit checkpoints";

    public string Usage => "audit checkpoints [--out FILE] [--db PATH]";

    public string Summary => "export the audit checkpoint log as stored, for 'audit verify --checkpoints'";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Option("checkpoints") is not null)
        {
            throw new CliUsageException("exports the hosts' checkpoint log; --checkpoints is for 'audit verify'");
        }

        await using var audit = await CliAuditServices.BuildAsync(args, environment, cancellationToken);
        var sink = audit.Checkpoints;
        var path = args.Option("out");
        var temp = path is null ? null : path + ".partial";
        long records = 0;
        await using (var output = temp is null ? null : new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            await foreach (var record in sink.ReadAsync(1, cancellationToken))
            {
                records++;
                var line = record.Content.Span.TrimEnd("\r\n"u8).ToArray();
                if (output is null)
                {
                    await stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(line));
                }
                else
                {
                    await output.WriteAsync(line, cancellationToken);
                    output.WriteByte((byte)'\n');
                }
            }
        }

        if (temp is not null)
        {
            File.Move(temp, path!, overwrite: true);
            stderr.WriteLine($"audit checkpoints: {records} record(s) from {sink.Description} written to {Path.GetFullPath(path!)}");
        }
        else
        {
            stderr.WriteLine($"audit checkpoints: {records} record(s) from {sink.Description}");
        }

        return 0;
    }
}
