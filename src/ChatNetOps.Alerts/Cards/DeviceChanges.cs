namespace ChatNetOps.Alerts.Cards;

using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;

/// <summary>
/// The last change on each device: a keyed read of <see cref="IDeviceChangeStore"/>, which the request journal writes
/// when a state-changing run ends, so the card is right as soon as a change finishes and no audit chain is read per
/// card. Once per process, before the first answer, the projection is filled from the audit trail (the newest finished
/// state-changing run per device in the incident chains and the day partitions of the last <see cref="DayPartitions"/>
/// days: its <c>Requested</c> event says <c>mode=StateChanging</c> and the targets, <c>Approved</c> names the approver,
/// <c>Succeeded</c>, <c>Failed</c>, <c>TimedOut</c> or <c>Interrupted</c> ends it), so changes made before the
/// projection existed are shown too; the store keeps whichever change is newer.
/// </summary>
public sealed class DeviceChanges(IDeviceChangeStore store, IAuditLog audit, TimeProvider time) : IDisposable
{
    public const int DayPartitions = 7;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _backfilled;

    public void Dispose() => _gate.Dispose();

    /// <summary>The last change on each of <paramref name="devices"/> that has one, newest first.</summary>
    public async Task<IReadOnlyList<DeviceChange>> LastAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            return [];
        }

        if (!_backfilled)
        {
            await BackfillAsync(cancellationToken).ConfigureAwait(false);
        }

        var last = await store.GetAsync(devices, cancellationToken).ConfigureAwait(false);
        return [.. last.Select(c => new DeviceChange(c.Device, c.RequestId, c.Runbook, c.Result, c.At, c.Requester, c.Approver)).OrderByDescending(c => c.At)];
    }

    /// <summary>Fills the projection from the audit trail, once per process.</summary>
    public async Task BackfillAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_backfilled)
            {
                return;
            }

            var oldestDay = AuditPartitions.For(null, time.GetUtcNow() - TimeSpan.FromDays(DayPartitions));
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

            var last = new Dictionary<string, DeviceLastChange>(StringComparer.Ordinal);
            foreach (var (id, run) in runs)
            {
                if (!run.StateChanging || run.EndedAt is not { } at || run.Result is null)
                {
                    continue;
                }

                foreach (var device in run.Targets)
                {
                    var change = new DeviceLastChange(device, id, run.Runbook ?? "?", run.Result, at, run.Requester ?? "?", run.Approver);
                    var key = DeviceLastChange.KeyOf(device);
                    if (!last.TryGetValue(key, out var seen) || change.IsNewerThan(seen))
                    {
                        last[key] = change;
                    }
                }
            }

            await store.RecordAsync([.. last.Values], cancellationToken).ConfigureAwait(false);
            _backfilled = true;
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
