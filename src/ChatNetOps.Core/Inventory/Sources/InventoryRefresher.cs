namespace ChatNetOps.Core.Inventory.Sources;

using ChatNetOps.Core.Inventory.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Keeps the catalog's devices in step with an inventory source (read-through with a cache): reads the source in full,
/// validates what changed, merges <c>devices.yaml</c>, swaps the catalog's device set and keeps the snapshot on disk.
/// When the source cannot be read the last good snapshot keeps serving and is marked stale, with since when and why.
/// </summary>
public sealed partial class InventoryRefresher : IDisposable
{
    private readonly InventoryCatalog _catalog;
    private readonly IInventorySource _source;
    private readonly TimeProvider _time;
    private readonly ILogger<InventoryRefresher> _logger;
    private readonly SourceDeviceBuilder _builder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTime? _seenWrite;

    public InventoryRefresher(InventoryCatalog catalog, IInventorySource source, IOptions<InventorySourceOptions> options, TimeProvider time, ILogger<InventoryRefresher> logger)
    {
        _catalog = catalog;
        _source = source;
        _time = time;
        _logger = logger;
        _builder = new SourceDeviceBuilder(source.Kind, source.Location);
        // AddChatNetOpsInventorySource defaults it beside the SQLite file; never a folder relative to where a host started.
        SnapshotPath = options.Value.SnapshotPath is { Length: > 0 } snapshot
            ? snapshot
            : throw new InvalidOperationException("Inventory:Source:SnapshotPath is not set: register the source with AddChatNetOpsInventorySource, which puts it beside the SQLite file.");
        if (catalog.Source is null)
        {
            catalog.UpdateSourceStatus(new InventorySourceStatus(source.Kind, source.Location) { Stale = true, LastError = "not read yet" });
        }
    }

    /// <summary>Where the last good snapshot is kept.</summary>
    public string SnapshotPath { get; }

    /// <summary>Records validated by the last refresh or load (new or changed ones only).</summary>
    public int LastValidated => _builder.LastValidated;

    /// <summary>
    /// Serves the snapshot on disk, marked stale until the source is read, unless a snapshot at least as new is served
    /// already. Returns false when there is none for this source.
    /// </summary>
    public async Task<bool> LoadSnapshotAsync(bool stale, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Polled often: the file is read only when it changed since this process last read or wrote it.
            var written = File.Exists(SnapshotPath) ? File.GetLastWriteTimeUtc(SnapshotPath) : (DateTime?)null;
            if (!stale && written is not null && written == _seenWrite)
            {
                return _catalog.Source?.FetchedAt is not null;
            }

            _seenWrite = written;
            var file = SourceSnapshotFile.TryRead(SnapshotPath, out var problem);
            if (problem is not null)
            {
                Log.SnapshotUnreadable(_logger, problem);
            }

            if (file is null || !string.Equals(file.Kind, _source.Kind, StringComparison.Ordinal) || !string.Equals(file.Location, _source.Location, StringComparison.Ordinal))
            {
                return false;
            }

            var current = _catalog.Source;
            if (current?.FetchedAt is { } served && served >= file.FetchedAt && current.Version == file.Version)
            {
                return true;
            }

            var status = (current ?? new InventorySourceStatus(_source.Kind, _source.Location)) with
            {
                Stale = stale,
                LastError = stale ? current?.LastError ?? "not read since start; serving the snapshot on disk" : null,
                FailingSince = stale ? current?.FailingSince : null,
            };
            Apply(file.Devices, file.FetchedAt, status);
            Log.SnapshotLoaded(_logger, _source.Kind, file.Devices.Count, file.FetchedAt, SnapshotPath);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the source now and keeps the snapshot on disk. On failure the catalog keeps its devices and says it is stale.</summary>
    public Task<RefreshOutcome> RefreshAsync(CancellationToken cancellationToken) => RefreshAsync(persist: true, cancellationToken);

    /// <param name="persist">False to leave the snapshot on disk as it is (a check such as <c>chatnetops lint</c>).</param>
    public async Task<RefreshOutcome> RefreshAsync(bool persist, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            IReadOnlyList<SourceDevice> records;
            try
            {
                records = await _source.FetchAsync(cancellationToken);
            }
            catch (InventorySourceException e)
            {
                var now = _time.GetUtcNow();
                var current = _catalog.Source ?? new InventorySourceStatus(_source.Kind, _source.Location);
                var stale = current with { Stale = true, FailingSince = current.FailingSince ?? now, LastError = e.Message };
                _catalog.UpdateSourceStatus(stale);
                Log.RefreshFailed(_logger, _source.Kind, _source.Location, e.Message, stale.FetchedAt);
                return new RefreshOutcome(false, e.Message, stale);
            }

            var fetchedAt = _time.GetUtcNow();
            var status = Apply(records, fetchedAt, new InventorySourceStatus(_source.Kind, _source.Location));
            Log.Refreshed(_logger, _source.Kind, records.Count, _builder.LastValidated, status.Findings.Count, status.Version);
            try
            {
                if (persist)
                {
                    await new SourceSnapshotFile(_source.Kind, _source.Location, fetchedAt, status.Version!, records).WriteAsync(SnapshotPath, cancellationToken);
                    _seenWrite = File.GetLastWriteTimeUtc(SnapshotPath);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.SnapshotNotWritten(_logger, SnapshotPath, e.Message);
            }

            return new RefreshOutcome(true, null, status);
        }
        finally
        {
            _gate.Release();
        }
    }

    private InventorySourceStatus Apply(IReadOnlyList<SourceDevice> records, DateTimeOffset fetchedAt, InventorySourceStatus status)
    {
        var build = _builder.Build(records, _catalog);

        // A device the source listed before and lists no more can no longer be targeted; say why, for as long as it is gone.
        var withdrawn = _catalog.Withdrawn
            .Where(w => !build.Devices.ContainsKey(w.Key))
            .ToDictionary(w => w.Key, w => w.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var device in _catalog.Devices)
        {
            if (!_catalog.OriginOf(device.Name).IsLocal && !build.Devices.ContainsKey(device.Name))
            {
                withdrawn[device.Name] = $"{_source.Kind} no longer lists it (removed, not active, or outside the configured filters) as of {fetchedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
            }
        }

        var applied = status with
        {
            FetchedAt = fetchedAt,
            Version = build.Version,
            SourceDevices = records.Count,
            Findings = build.Findings,
        };
        _catalog.ApplySource(build.Devices, build.Origins, withdrawn, applied);
        return applied;
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>The outcome of one refresh: whether the source was read, why not, and the source's status after it.</summary>
public sealed record RefreshOutcome(bool Succeeded, string? Error, InventorySourceStatus Status);
