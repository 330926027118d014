namespace ChatNetOps.Core.Reports;

using System.Globalization;
using ChatNetOps.Core.Audit;

/// <summary>
/// Builds an <see cref="OperationsReport"/> in one streamed pass: each partition in the window is verified by
/// <see cref="AuditVerifier"/>, which hands the report each event only after it has checked it, so only verified events are counted. Day partitions wholly outside the window
/// are not read; incident partitions are always read (an incident's events span days).
/// </summary>
public sealed class AuditReportBuilder(IAuditLog log, TimeProvider time)
{
    public async Task<OperationsReport> BuildAsync(ReportQuery query, ReportLookups lookups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Until <= query.Since)
        {
            throw new ArgumentException($"The report window is empty: until ({query.Until:O}) must be after since ({query.Since:O}).", nameof(query));
        }

        var accumulator = new ReportAccumulator(query, lookups);
        var broken = new List<ChainVerification>();
        var read = 0;
        long verified = 0;
        foreach (var partition in await log.ListPartitionsAsync(cancellationToken))
        {
            if (!InWindow(partition, query))
            {
                continue;
            }

            var result = await AuditVerifier.VerifyChainAsync(partition, log.ReadAsync(partition, cancellationToken), [], accumulator.Add, cancellationToken);
            read++;
            verified += result.Events;
            if (!result.IsIntact)
            {
                broken.Add(result);
            }
        }

        return accumulator.Build(new ChainVerdict(read, verified, broken), time.GetUtcNow());
    }

    private static bool InWindow(string partition, ReportQuery query)
    {
        if (query.Incident is not null)
        {
            return string.Equals(partition, query.Incident, StringComparison.Ordinal);
        }

        if (!partition.StartsWith(AuditPartitions.DayPrefix, StringComparison.Ordinal)
            || !DateOnly.TryParseExact(partition[AuditPartitions.DayPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return true;
        }

        return day >= DateOnly.FromDateTime(query.Since.UtcDateTime) && day <= DateOnly.FromDateTime(query.Until.UtcDateTime.AddTicks(-1));
    }
}
