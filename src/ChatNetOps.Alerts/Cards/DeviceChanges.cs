namespace ChatNetOps.Alerts.Cards;

using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;

/// <summary>
/// The last change on each device, from the audit trail: the newest finished state-changing run (its <c>Requested</c>
/// event says <c>mode=StateChanging</c> and the targets; <c>Approved</c> names the approver; <c>Succeeded</c>,
/// <c>Failed</c>, <c>TimedOut</c> or <c>Interrupted</c> ends it). State-changing runs belong to an incident, so the
/// incident chains are read, plus the day partitions of the last <see cref="DayPartitions"/> days. The answer is
/// kept for <see cref="CacheFor"/>, so a storm of card updates reads the trail about once a minute.
/// </summary>
public sealed class DeviceChanges(IAuditLog audit, TimeProvider time) : IDisposable
{
    public const int DayPartitions = 7;

    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, DeviceChange>? _last;
    private DateTimeOffset _readAt;

    public void Dispose() => _gate.Dispose();

    /// <summary>The last change on each of <paramref name="devices"/> that has one, newest first.</summary>
    public async Task<IReadOnlyList<DeviceChange>> LastAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            return [];
        }

        var last = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. devices.Select(d => last.GetValueOrDefault(d.ToUpperInvariant())).OfType<DeviceChange>().OrderByDescending(c => c.At)];
    }

    private async Task<IReadOnlyDictionary<string, DeviceChange>> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_last is not null && now - _readAt < CacheFor)
            {
                return _last;
            }

            var oldestDay = AuditPartitions.For(null, now - TimeSpan.FromDays(DayPartitions));
            var runs = new Dictionary<string, Run>(StringComparer.Ordinal);
            foreach (var partition in await audit.ListPartitionsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (partition.StartsWith(AuditPartitions.DayPrefix, StringComparison.Ordinal) && string.CompareOrdinal(partition, oldestDay) < 0)
                {
                    continue;
                }

                await foreach (var e in audit.ReadAsync(partition, cancellationToken).ConfigureAwait(false))
                {
                    if (e.RequestId is { } id)
                    {
                        Apply(runs, id, e);
                    }
                }
            }

            var last = new Dictionary<string, DeviceChange>(StringComparer.Ordinal);
            foreach (var (id, run) in runs)
            {
                if (!run.StateChanging || run.EndedAt is not { } at || run.Result is null)
                {
                    continue;
                }

                foreach (var device in run.Targets)
                {
                    var key = device.ToUpperInvariant();
                    if (!last.TryGetValue(key, out var seen) || seen.At < at)
                    {
                        last[key] = new DeviceChange(device, id, run.Runbook ?? "?", run.Result, at, run.Requester ?? "?", run.Approver);
                    }
                }
            }

            (_last, _readAt) = (last, now);
            return last;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Apply(Dictionary<string, Run> runs, string id, AuditEvent e)
    {
        if (!runs.TryGetValue(id, out var run))
        {
            run = runs[id] = new Run();
        }

        run.Runbook ??= e.Runbook;
        switch (e.Kind)
        {
            case AuditKind.Requested:
                run.StateChanging = e.Details.GetValueOrDefault("mode") == nameof(Core.Inventory.RunbookMode.StateChanging);
                run.Requester = e.Actor.DisplayName;
                run.Targets = e.Details.GetValueOrDefault("targets") is { Length: > 0 } targets
                    ? targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : e.Device is { } device ? [device] : [];
                break;
            case AuditKind.Approved:
                run.Approver = e.Actor.DisplayName;
                break;
            case AuditKind.Succeeded or AuditKind.Failed or AuditKind.TimedOut or AuditKind.Interrupted:
                // A fan-out records one event per device and one for the request; the last one ends it.
                run.Result = e.Kind switch { AuditKind.Succeeded => "succeeded", AuditKind.Failed => "failed", AuditKind.TimedOut => "timed out", _ => "interrupted" };
                run.EndedAt = e.Timestamp;
                break;
        }
    }

    private sealed class Run
    {
        public bool StateChanging { get; set; }

        public string? Runbook { get; set; }

        public string? Requester { get; set; }

        public string? Approver { get; set; }

        public IReadOnlyList<string> Targets { get; set; } = [];

        public string? Result { get; set; }

        public DateTimeOffset? EndedAt { get; set; }
    }
}
