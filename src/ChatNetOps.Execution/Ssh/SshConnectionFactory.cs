namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using System.Net.Sockets;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Jump;
using ChatNetOps.Execution.Tracing;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

/// <summary>
/// Opens authenticated SSH.NET connections with the device's host key pinned (no trust on first use), directly or
/// through the device's jump hosts (<see cref="Device.Via"/>): then a tunnel from <see cref="JumpHostPool"/> carries
/// the device session, every hop's key is checked first, and a hop that fails is reported as that hop.
/// </summary>
internal sealed class SshConnectionFactory(SshExecutorOptions options, JumpHostPool jumps, TimeProvider timeProvider, ILogger<SshConnectionFactory> logger)
{
    private int _opened;

    /// <summary>Connections opened so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>The jump host connections device sessions go through.</summary>
    public JumpHostPool Jumps => jumps;

    /// <summary>TCP connect (or a tunnel through the jump hosts), key exchange with the host key check, and authentication, in one <c>ssh connect</c> span.</summary>
    public Task<SshConnection> ConnectAsync(Device device, DeviceCredential credential, CancellationToken cancellationToken) =>
        SshRunTrace.StepAsync("ssh connect", ActivityKind.Client, device, span => ConnectAsync(device, credential, span, cancellationToken));

    private async Task<SshConnection> ConnectAsync(Device device, DeviceCredential credential, Activity? span, CancellationToken cancellationToken)
    {
        span?.SetTag(SpanTags.NetworkTransport, "tcp");
        ExecutionSpans.SetVia(span, device);
        var methods = SshAuthentication.Methods(device.CredentialRef, credential);
        span?.SetTag(SpanTags.AuthMethods, string.Join(",", methods.Select(m => m.Name)));
        var tunnel = device.Via.Count == 0 ? null : await jumps.OpenTunnelAsync(device.Via, device, device.Address, device.Port, cancellationToken);
        var pinned = PinnedSshClient.Create(device.Address, device.Port, tunnel?.LocalEndPoint, credential.Username, methods, device.HostKeyFingerprint, options.ConnectTimeout, span);
        var client = pinned.Client;
        try
        {
            await pinned.ConnectAsync(options.ConnectTimeout, timeProvider, cancellationToken);
            var id = Interlocked.Increment(ref _opened);
            span?.SetTag(SpanTags.SessionId, id);
            Log.SshConnected(logger, device.Name, device.Address, device.Port, id);
            return new SshConnection(SshPoolKey.For(device), client, id, tunnel);
        }
        catch (Exception ex)
        {
            client.Dispose();
            tunnel?.Dispose();
            if (pinned.HostKeyRejected)
            {
                var presented = pinned.Presented!;
                Log.SshHostKeyRejected(logger, device.Name, device.HostKeyFingerprint ?? "(none)", presented);
                throw new SshRunException(
                    ExecutionStatus.Failed,
                    string.IsNullOrWhiteSpace(device.HostKeyFingerprint)
                        ? $"no pinned host key for {device.Name}: the device presented {presented}; verify it out of band and set host_key_fingerprint in devices.yaml"
                        : $"host key mismatch: expected {device.HostKeyFingerprint}, got {presented}",
                    ex)
                {
                    ErrorType = ErrorTypes.HostKeyRejected,
                };
            }

            var via = tunnel is null ? string.Empty : $" via jump host {tunnel.Hop.Name}";
            throw ex switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                OperationCanceledException or SshOperationTimeoutException => new SshRunException(
                    ExecutionStatus.TimedOut, $"connect to {device.Address}:{device.Port}{via} timed out after {options.ConnectTimeout.TotalSeconds:0.###} s", ex) { ErrorType = ErrorTypes.Timeout },
                SshAuthenticationException => Auth(device, credential, ex),
                SocketException se => new SshRunException(
                    ExecutionStatus.Failed, $"cannot connect to {device.Address}:{device.Port}{via}: {SocketErrors.Describe(se)}", ex) { ErrorType = ErrorTypes.ConnectionFailed },
                SshException or IOException or ObjectDisposedException or InvalidOperationException when tunnel is { Used: true } && pinned.Presented is null && tunnel.Connection.IsAlive => new SshRunException(
                    ExecutionStatus.Failed, $"cannot reach {device.Name} at {device.Address}:{device.Port} from jump host {tunnel.Hop.Name}: the jump host could not open a connection to it", ex) { ErrorType = ErrorTypes.ConnectionFailed },
                SshException or IOException or ObjectDisposedException or InvalidOperationException when tunnel is { Connection.IsAlive: false } => new SshRunException(
                    ExecutionStatus.Failed, $"jump host {tunnel.Hop.Name} unreachable: the connection to it was lost while connecting to {device.Name}", ex) { ErrorType = ErrorTypes.JumpHostUnreachable },
                SshException or IOException or ObjectDisposedException or InvalidOperationException => new SshRunException(
                    ExecutionStatus.Failed, $"SSH connection to {device.Address}:{device.Port}{via} failed: {ex.Message}", ex) { ErrorType = ErrorTypes.ConnectionFailed },
                _ => ex,
            };
        }
    }

    private SshRunException Auth(Device device, DeviceCredential credential, Exception ex)
    {
        Log.SshAuthenticationFailed(logger, device.Name, credential.Username);
        return new SshRunException(ExecutionStatus.Failed, $"authentication failed for user '{credential.Username}' on {device.Name} (credential '{device.CredentialRef}')", ex)
        {
            ErrorType = ErrorTypes.AuthenticationFailed,
        };
    }
}
