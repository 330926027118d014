namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Jump;
using Microsoft.Extensions.Logging;

/// <summary>
/// Authenticated SSH sessions per device, reused across the commands of a run and across queued read-only runs.
/// At most <see cref="Device.SessionLimit"/> sessions (idle or busy) per device; renters beyond that wait.
/// Idle sessions close after <see cref="SshExecutorOptions.IdleTimeout"/> (measured with <see cref="TimeProvider"/>).
/// </summary>
internal sealed class SshConnectionPool : IDisposable
{
    private readonly SshConnectionFactory _factory;
    private readonly SshExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SshConnectionPool> _logger;
    private readonly Dictionary<SshPoolKey, DeviceSlots> _devices = [];
    private readonly ITimer? _sweeper;
    private bool _disposed;

    public SshConnectionPool(SshConnectionFactory factory, SshExecutorOptions options, TimeProvider timeProvider, ILogger<SshConnectionPool> logger)
    {
        _factory = factory;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        if (options.IdleTimeout > TimeSpan.Zero)
        {
            var period = options.IdleTimeout / 2;
            _sweeper = timeProvider.CreateTimer(_ => EvictIdle(), null, period, period);
        }

        factory.Jumps.AddIdleReclaimer(CloseIdleThrough);
    }

    /// <summary>Idle sessions held for a device (tests and diagnostics).</summary>
    public int IdleCount(Device device)
    {
        lock (_devices)
        {
            return _devices.TryGetValue(SshPoolKey.For(device), out var slots) ? slots.Idle.Count : 0;
        }
    }

    /// <summary>
    /// A session for one run. <paramref name="fresh"/> (state-changing runs) never reuses a session; it still counts
    /// against the device's session limit.
    /// </summary>
    public async Task<SshConnection> RentAsync(Device device, DeviceCredential credential, bool fresh, CancellationToken cancellationToken)
    {
        var key = SshPoolKey.For(device);
        var limit = Math.Max(1, device.SessionLimit);
        while (true)
        {
            SshConnection? reuse = null;
            var mayOpen = false;
            TaskCompletionSource? waiter = null;
            var stale = new List<SshConnection>();
            lock (_devices)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (!_devices.TryGetValue(key, out var slots))
                {
                    slots = new DeviceSlots();
                    _devices[key] = slots;
                }

                CollectExpired(slots, stale);
                while (!fresh && reuse is null && slots.Idle.Count > 0)
                {
                    var candidate = slots.Idle.Pop();
                    if (candidate.IsUsable)
                    {
                        reuse = candidate;
                    }
                    else
                    {
                        stale.Add(candidate);
                        slots.Open--;
                    }
                }

                if (reuse is null)
                {
                    if (slots.Open >= limit && slots.Idle.Count > 0)
                    {
                        // A fresh session is wanted and the limit is reached by idle ones: close the oldest idle.
                        var oldest = slots.Idle.OrderBy(c => c.LastUsed).First();
                        slots.Idle = new Stack<SshConnection>(slots.Idle.Where(c => c != oldest).Reverse());
                        stale.Add(oldest);
                        slots.Open--;
                    }

                    if (slots.Open < limit)
                    {
                        slots.Open++;
                        mayOpen = true;
                    }
                    else
                    {
                        waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        slots.Waiters.Enqueue(waiter);
                    }
                }
            }

            DisposeAll(stale);
            if (reuse is not null)
            {
                reuse.Uses++;
                Log.SessionReused(_logger, device.Name, reuse.Id, reuse.Uses);
                return reuse;
            }

            if (mayOpen)
            {
                try
                {
                    var connection = await _factory.ConnectAsync(device, credential, cancellationToken);
                    connection.Uses = 1;
                    return connection;
                }
                catch
                {
                    Release(key);
                    throw;
                }
            }

            using (cancellationToken.Register(() => waiter!.TrySetCanceled(cancellationToken)))
            {
                await waiter!.Task;
            }
        }
    }

    /// <summary>Gives a session back: kept for reuse when <paramref name="reusable"/> and still healthy, else closed.</summary>
    public void Return(SshConnection connection, bool reusable)
    {
        var keep = reusable && connection.IsUsable && _options.IdleTimeout > TimeSpan.Zero;
        lock (_devices)
        {
            if (keep && !_disposed && _devices.TryGetValue(connection.Key, out var slots))
            {
                connection.LastUsed = _time.GetUtcNow();
                slots.Idle.Push(connection);
                WakeOne(slots);
                return;
            }
        }

        connection.Dispose();
        Release(connection.Key);
    }

    /// <summary>
    /// Closes the least recently used idle session whose tunnel goes through the jump route <paramref name="routeKey"/>,
    /// giving its channel back towards a saturated jump host; false when there is none.
    /// </summary>
    public bool CloseIdleThrough(string routeKey)
    {
        SshConnection? victim = null;
        lock (_devices)
        {
            foreach (var slots in _devices.Values)
            {
                var candidate = slots.Idle
                    .Where(c => c.Tunnel is { } tunnel && JumpHostPool.Rides(tunnel.Connection.RouteKey, routeKey))
                    .OrderBy(c => c.LastUsed)
                    .FirstOrDefault();
                if (candidate is not null && (victim is null || candidate.LastUsed < victim.LastUsed))
                {
                    victim = candidate;
                }
            }

            if (victim is not null)
            {
                var slots = _devices[victim.Key];
                slots.Idle = new Stack<SshConnection>(slots.Idle.Where(c => c != victim).Reverse());
                slots.Open--;
                WakeOne(slots);
            }
        }

        if (victim is null)
        {
            return false;
        }

        Log.SessionEvicted(_logger, victim.Key.Device, victim.Id);
        victim.Dispose();
        return true;
    }

    /// <summary>Closes sessions idle for longer than the idle timeout.</summary>
    public void EvictIdle()
    {
        var stale = new List<SshConnection>();
        lock (_devices)
        {
            foreach (var slots in _devices.Values)
            {
                CollectExpired(slots, stale);
            }
        }

        foreach (var connection in stale)
        {
            Log.SessionEvicted(_logger, connection.Key.Device, connection.Id);
        }

        DisposeAll(stale);
    }

    public void Dispose()
    {
        List<SshConnection> all;
        lock (_devices)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            all = _devices.Values.SelectMany(s => s.Idle).ToList();
            foreach (var slots in _devices.Values)
            {
                slots.Idle.Clear();
                while (slots.Waiters.TryDequeue(out var w))
                {
                    w.TrySetException(new ObjectDisposedException(nameof(SshConnectionPool)));
                }
            }
        }

        _sweeper?.Dispose();
        DisposeAll(all);
    }

    private void CollectExpired(DeviceSlots slots, List<SshConnection> stale)
    {
        if (slots.Idle.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var keep = new List<SshConnection>();
        foreach (var c in slots.Idle.Reverse())
        {
            if (now - c.LastUsed >= _options.IdleTimeout || !c.IsUsable)
            {
                stale.Add(c);
                slots.Open--;
            }
            else
            {
                keep.Add(c);
            }
        }

        var removed = slots.Idle.Count - keep.Count;
        if (removed > 0)
        {
            slots.Idle = new Stack<SshConnection>(keep);
            for (var i = 0; i < removed; i++)
            {
                WakeOne(slots);
            }
        }
    }

    private void Release(SshPoolKey key)
    {
        lock (_devices)
        {
            if (_devices.TryGetValue(key, out var slots))
            {
                slots.Open--;
                WakeOne(slots);
            }
        }
    }

    private static void WakeOne(DeviceSlots slots)
    {
        while (slots.Waiters.TryDequeue(out var w))
        {
            if (w.TrySetResult())
            {
                return;
            }
        }
    }

    private static void DisposeAll(List<SshConnection> connections)
    {
        foreach (var c in connections)
        {
            c.Dispose();
        }
    }

    private sealed class DeviceSlots
    {
        public Stack<SshConnection> Idle { get; set; } = new();

        public Queue<TaskCompletionSource> Waiters { get; } = new();

        /// <summary>Sessions open or being opened (idle and busy).</summary>
        public int Open { get; set; }
    }
}
