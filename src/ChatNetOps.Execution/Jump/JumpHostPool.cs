namespace ChatNetOps.Execution.Jump;

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;
using ChatNetOps.Execution.Tracing;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

/// <summary>
/// Authenticated SSH connections to jump hosts, shared by every device session (SSH or FortiGate REST) that goes
/// through them: at most <see cref="JumpHost.SessionLimit"/> connections per jump host and route, each carrying at most
/// <see cref="JumpHost.ChannelsPerSession"/> tunnels; further tunnels wait (within the caller's timeout) or close an
/// idle device session riding that jump host. Every hop's host key is checked against its pin before authentication;
/// a hop that cannot be reached is reported as that hop (<c>jump host jump-01 unreachable: ...</c>), never as the
/// device. A connection without tunnels closes after <see cref="SshExecutorOptions.IdleTimeout"/>.
/// </summary>
internal sealed class JumpHostPool : IDisposable
{
    private readonly ICredentialProvider _credentials;
    private readonly SshExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JumpHostPool> _logger;
    private readonly Dictionary<string, HopSlots> _routes = new(StringComparer.Ordinal);
    private readonly List<Func<string, bool>> _reclaimers = [];
    private readonly ITimer? _sweeper;
    private int _opened;
    private bool _disposed;

    public JumpHostPool(ICredentialProvider credentials, SshExecutorOptions options, TimeProvider timeProvider, ILogger<JumpHostPool> logger)
    {
        _credentials = credentials;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        if (options.IdleTimeout > TimeSpan.Zero)
        {
            var period = options.IdleTimeout / 2;
            _sweeper = timeProvider.CreateTimer(_ => EvictIdle(), null, period, period);
        }
    }

    /// <summary>Jump connections opened so far (tests and benchmarks see reuse with it).</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>The identity of one hop in a route: sessions are shared only while name, address, credential and pin agree.</summary>
    public static string HopKey(JumpHost hop) =>
        string.Create(CultureInfo.InvariantCulture, $"{hop.Name}@{hop.Address}:{hop.Port}/{hop.CredentialRef}/{hop.HostKeyFingerprint}");

    /// <summary>The route key of the first <paramref name="hops"/> jump hosts of <paramref name="chain"/>.</summary>
    public static string RouteKey(IReadOnlyList<JumpHost> chain, int hops) => string.Join(">", chain.Take(hops).Select(HopKey));

    /// <summary>
    /// Registers a callback the pool calls when a route is saturated: given the route key, it closes one idle session
    /// whose tunnel goes through that route (<see cref="Rides"/>) and says whether it did.
    /// </summary>
    public void AddIdleReclaimer(Func<string, bool> reclaimer)
    {
        lock (_routes)
        {
            _reclaimers.Add(reclaimer);
        }
    }

    /// <summary>True when a tunnel on a connection of <paramref name="tunnelRoute"/> goes through <paramref name="routeKey"/> (that route or one beyond it).</summary>
    public static bool Rides(string tunnelRoute, string routeKey) =>
        tunnelRoute.Length == routeKey.Length
            ? string.Equals(tunnelRoute, routeKey, StringComparison.Ordinal)
            : tunnelRoute.StartsWith(routeKey + ">", StringComparison.Ordinal);

    /// <summary>Open jump connections of a route (tests and diagnostics).</summary>
    public int ConnectionCount(IReadOnlyList<JumpHost> chain, int hops)
    {
        lock (_routes)
        {
            return _routes.TryGetValue(RouteKey(chain, hops), out var slots) ? slots.Connections.Count : 0;
        }
    }

    /// <summary>
    /// A tunnel to <paramref name="host"/>:<paramref name="port"/> through every jump host of <paramref name="chain"/>
    /// (the last one dials the target), each hop's connection from the pool or new, in <c>ssh jump</c> spans.
    /// </summary>
    /// <exception cref="SshRunException">A hop refused its pinned key or authentication, or cannot be reached.</exception>
    /// <exception cref="JumpWaitCanceledException">The caller's token ended while every connection to a hop was full.</exception>
    public Task<JumpTunnel> OpenTunnelAsync(IReadOnlyList<JumpHost> chain, Device device, string host, int port, CancellationToken cancellationToken)
    {
        if (chain.Count == 0)
        {
            throw new ArgumentException("A tunnel needs at least one jump host; dial the device directly instead.", nameof(chain));
        }

        return OpenTunnelAsync(chain, chain.Count, device, host, port, cancellationToken);
    }

    /// <summary>Closes jump connections without tunnels that have been idle for the idle timeout, and dead ones.</summary>
    public void EvictIdle()
    {
        var stale = new List<(JumpConnection Connection, string Reason)>();
        lock (_routes)
        {
            var now = _time.GetUtcNow();
            foreach (var slots in _routes.Values)
            {
                foreach (var c in slots.Connections.ToList())
                {
                    if (!c.IsAlive)
                    {
                        stale.Add((c, "connection lost"));
                    }
                    else if (c.Channels == 0 && now - c.IdleSince >= _options.IdleTimeout)
                    {
                        stale.Add((c, "idle"));
                    }
                    else
                    {
                        continue;
                    }

                    slots.Connections.Remove(c);
                    WakeOne(slots);
                }
            }
        }

        Close(stale);
    }

    public void Dispose()
    {
        List<JumpConnection> all;
        lock (_routes)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            all = [.. _routes.Values.SelectMany(s => s.Connections)];
            foreach (var slots in _routes.Values)
            {
                slots.Connections.Clear();
                while (slots.Waiters.TryDequeue(out var w))
                {
                    w.TrySetException(new ObjectDisposedException(nameof(JumpHostPool)));
                }
            }
        }

        _sweeper?.Dispose();

        // Deepest hops first: a connection further down a chain rides a tunnel on the one before it.
        foreach (var connection in all.OrderByDescending(c => c.Position))
        {
            connection.Dispose();
        }
    }

    private async Task<JumpTunnel> OpenTunnelAsync(IReadOnlyList<JumpHost> chain, int hops, Device device, string host, int port, CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(chain, hops, device, cancellationToken);
        try
        {
            return new JumpTunnel(connection, host, port, Release);
        }
        catch (Exception ex) when (ex is SshException or ObjectDisposedException or InvalidOperationException or SocketException or IOException)
        {
            // The pooled connection died between the liveness check and the forward: report the hop, not the target.
            Release(connection);
            throw Unreachable(connection.Hop, $"the connection to it was lost ({ex.Message})", ex);
        }
    }

    /// <summary>A connection to hop <paramref name="hops"/> of the chain with one channel reserved on it.</summary>
    private Task<JumpConnection> AcquireAsync(IReadOnlyList<JumpHost> chain, int hops, Device device, CancellationToken cancellationToken) =>
        SshRunTrace.StepAsync(() => ExecutionSpans.StartJump(chain[hops - 1], hops, device), async span =>
        {
            var hop = chain[hops - 1];
            var key = RouteKey(chain, hops);
            while (true)
            {
                JumpConnection? shared = null;
                var mayOpen = false;
                TaskCompletionSource? waiter = null;
                var dead = new List<(JumpConnection Connection, string Reason)>();
                List<Func<string, bool>> reclaimers;
                HopSlots? slots;
                lock (_routes)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    if (!_routes.TryGetValue(key, out slots))
                    {
                        slots = new HopSlots();
                        _routes[key] = slots;
                    }

                    foreach (var c in slots.Connections.Where(c => !c.IsAlive).ToList())
                    {
                        slots.Connections.Remove(c);
                        dead.Add((c, "connection lost"));
                    }

                    // Fill the busiest connection that has room, so the others can go idle and close.
                    shared = slots.Connections.Where(c => c.Channels < hop.ChannelsPerSession).OrderByDescending(c => c.Channels).FirstOrDefault();
                    if (shared is not null)
                    {
                        shared.Channels++;
                    }
                    else if (slots.Connections.Count + slots.Opening < hop.SessionLimit)
                    {
                        slots.Opening++;
                        mayOpen = true;
                    }
                    else
                    {
                        waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        slots.Waiters.Enqueue(waiter);
                    }

                    reclaimers = [.. _reclaimers];
                }

                Close(dead);
                if (shared is not null)
                {
                    span?.SetTag(SpanTags.Pooled, true);
                    span?.SetTag(SpanTags.SessionId, shared.Id);
                    return shared;
                }

                if (mayOpen)
                {
                    JumpConnection opened;
                    try
                    {
                        opened = await ConnectAsync(chain, hops, device, span, cancellationToken);
                    }
                    catch
                    {
                        lock (_routes)
                        {
                            slots.Opening--;
                            WakeOne(slots);
                        }

                        throw;
                    }

                    lock (_routes)
                    {
                        slots.Opening--;
                        if (!_disposed)
                        {
                            opened.Channels = 1;
                            slots.Connections.Add(opened);
                        }
                    }

                    if (opened.Channels == 0)
                    {
                        opened.Dispose();
                        throw new ObjectDisposedException(nameof(JumpHostPool));
                    }

                    span?.SetTag(SpanTags.Pooled, false);
                    span?.SetTag(SpanTags.SessionId, opened.Id);
                    return opened;
                }

                // Saturated: an idle jump connection or device session riding this route can give its channel back.
                // Then try again (a closed device session may leave an idle jump connection further down to close
                // next), leaving the queue to callers that found nothing to close.
                if (CloseIdleJumpConnectionThrough(key) || reclaimers.Any(r => r(key)))
                {
                    waiter!.TrySetCanceled(CancellationToken.None);
                    continue;
                }

                using (cancellationToken.Register(() => waiter!.TrySetCanceled(cancellationToken)))
                {
                    try
                    {
                        await waiter!.Task;
                    }
                    catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new JumpWaitCanceledException(hop.Name, ex, cancellationToken);
                    }
                }
            }
        });

    /// <summary>TCP (or a tunnel through the previous hop), key exchange with the pin checked, and authentication.</summary>
    private async Task<JumpConnection> ConnectAsync(IReadOnlyList<JumpHost> chain, int hops, Device device, Activity? span, CancellationToken cancellationToken)
    {
        var hop = chain[hops - 1];
        var previous = hops > 1 ? chain[hops - 2] : null;
        DeviceCredential credential;
        try
        {
            credential = await _credentials.GetAsync(hop.CredentialRef, cancellationToken);
        }
        catch (CredentialNotFoundException ex)
        {
            throw new SshRunException(ExecutionStatus.Failed, $"jump host {hop.Name}: {ex.Message}", ex) { ErrorType = ErrorTypes.Credential };
        }

        var methods = SshAuthentication.Methods(hop.CredentialRef, credential);
        span?.SetTag(SpanTags.NetworkTransport, "tcp");
        span?.SetTag(SpanTags.AuthMethods, string.Join(",", methods.Select(m => m.Name)));
        var upstream = previous is null ? null : await OpenTunnelAsync(chain, hops - 1, device, hop.Address, hop.Port, cancellationToken);
        var pinned = PinnedSshClient.Create(hop.Address, hop.Port, upstream?.LocalEndPoint, credential.Username, methods, hop.HostKeyFingerprint, _options.ConnectTimeout, span);
        var client = pinned.Client;
        try
        {
            await pinned.ConnectAsync(_options.ConnectTimeout, _time, cancellationToken);
            var id = Interlocked.Increment(ref _opened);
            Log.JumpConnected(_logger, hop.Name, hop.Address, hop.Port, hops, id);
            return new JumpConnection(RouteKey(chain, hops), hop, hops, client, upstream, id);
        }
        catch (Exception ex)
        {
            client.Dispose();
            upstream?.Dispose();
            var where = $"{hop.Address}:{hop.Port}" + (previous is null ? string.Empty : $" from jump host {previous.Name}");
            if (pinned.HostKeyRejected)
            {
                Log.JumpHostKeyRejected(_logger, hop.Name, hop.HostKeyFingerprint, pinned.Presented!);
                throw new SshRunException(ExecutionStatus.Failed, $"host key mismatch at jump host {hop.Name}: expected {hop.HostKeyFingerprint}, got {pinned.Presented}; nothing was sent to {device.Name}", ex)
                {
                    ErrorType = ErrorTypes.HostKeyRejected,
                };
            }

            throw ex switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                OperationCanceledException or SshOperationTimeoutException => Unreachable(hop, $"connect to {where} timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s", ex, ExecutionStatus.TimedOut),
                SshAuthenticationException => AuthenticationFailed(hop, credential, ex),
                SocketException se => Unreachable(hop, $"cannot connect to {where}: {SocketErrors.Describe(se)}", ex),
                SshException or IOException or ObjectDisposedException or InvalidOperationException when upstream is { Used: true } && pinned.Presented is null =>
                    Unreachable(hop, $"jump host {previous!.Name} could not open a connection to {hop.Address}:{hop.Port}", ex),
                SshException or IOException or ObjectDisposedException or InvalidOperationException => Unreachable(hop, $"SSH connection to {where} failed: {ex.Message}", ex),
                _ => ex,
            };
        }
    }

    private SshRunException Unreachable(JumpHost hop, string problem, Exception inner, ExecutionStatus status = ExecutionStatus.Failed)
    {
        Log.Unreachable(_logger, hop.Name, problem);
        return new SshRunException(status, $"jump host {hop.Name} unreachable: {problem}", inner)
        {
            ErrorType = status == ExecutionStatus.TimedOut ? ErrorTypes.Timeout : ErrorTypes.JumpHostUnreachable,
        };
    }

    private SshRunException AuthenticationFailed(JumpHost hop, DeviceCredential credential, Exception inner)
    {
        Log.JumpAuthenticationFailed(_logger, hop.Name, credential.Username);
        return new SshRunException(ExecutionStatus.Failed, $"authentication failed for user '{credential.Username}' on jump host {hop.Name} (credential '{hop.CredentialRef}')", inner)
        {
            ErrorType = ErrorTypes.AuthenticationFailed,
        };
    }

    /// <summary>A tunnel closed: its channel goes back to the connection, which idles (or closes when pooling is off).</summary>
    private void Release(JumpTunnel tunnel) => Release(tunnel.Connection);

    private void Release(JumpConnection connection)
    {
        var close = new List<(JumpConnection Connection, string Reason)>();
        lock (_routes)
        {
            connection.Channels = Math.Max(0, connection.Channels - 1);
            if (!_routes.TryGetValue(connection.RouteKey, out var slots) || !slots.Connections.Contains(connection))
            {
                return;
            }

            if (!connection.IsAlive || (connection.Channels == 0 && (_options.IdleTimeout <= TimeSpan.Zero || _disposed)))
            {
                slots.Connections.Remove(connection);
                close.Add((connection, connection.IsAlive ? "not pooled" : "connection lost"));
            }
            else if (connection.Channels == 0)
            {
                connection.IdleSince = _time.GetUtcNow();
            }

            WakeOne(slots);
        }

        Close(close);
    }

    /// <summary>Closes one idle jump connection whose upstream tunnel goes through <paramref name="routeKey"/>.</summary>
    private bool CloseIdleJumpConnectionThrough(string routeKey)
    {
        JumpConnection? idle = null;
        lock (_routes)
        {
            foreach (var slots in _routes.Values)
            {
                idle = slots.Connections
                    .Where(c => c.Channels == 0 && c.Upstream is { } upstream && Rides(upstream.Connection.RouteKey, routeKey))
                    .OrderBy(c => c.IdleSince)
                    .FirstOrDefault();
                if (idle is not null)
                {
                    slots.Connections.Remove(idle);
                    WakeOne(slots);
                    break;
                }
            }
        }

        if (idle is null)
        {
            return false;
        }

        Close([(idle, "its channel on the previous hop is needed")]);
        return true;
    }

    private void Close(List<(JumpConnection Connection, string Reason)> connections)
    {
        foreach (var (connection, reason) in connections)
        {
            Log.Closed(_logger, connection.Hop.Name, connection.Id, reason);
            connection.Dispose();
        }
    }

    private static void WakeOne(HopSlots slots)
    {
        while (slots.Waiters.TryDequeue(out var w))
        {
            if (w.TrySetResult())
            {
                return;
            }
        }
    }

    private sealed class HopSlots
    {
        public List<JumpConnection> Connections { get; } = [];

        public Queue<TaskCompletionSource> Waiters { get; } = new();

        /// <summary>Connections being opened (they count against the session limit).</summary>
        public int Opening { get; set; }
    }
}
