namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tracing;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

/// <summary>Opens authenticated SSH.NET connections with the device's host key pinned (no trust on first use).</summary>
internal sealed class SshConnectionFactory(SshExecutorOptions options, TimeProvider timeProvider, ILogger<SshConnectionFactory> logger)
{
    private int _opened;

    /// <summary>Connections opened so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>TCP connect, key exchange with the host key check, and authentication, in one <c>ssh connect</c> span.</summary>
    public Task<SshConnection> ConnectAsync(Device device, DeviceCredential credential, CancellationToken cancellationToken) =>
        SshRunTrace.StepAsync("ssh connect", ActivityKind.Client, device, span => ConnectAsync(device, credential, span, cancellationToken));

    private async Task<SshConnection> ConnectAsync(Device device, DeviceCredential credential, Activity? span, CancellationToken cancellationToken)
    {
        span?.SetTag(SpanTags.NetworkTransport, "tcp");
        var methods = AuthenticationMethods(device, credential);
        span?.SetTag(SpanTags.AuthMethods, string.Join(",", methods.Select(m => m.Name)));
        var info = new ConnectionInfo(device.Address, device.Port, credential.Username, methods)
        {
            Timeout = options.ConnectTimeout,
        };

        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) };
        string? presented = null;
        var trusted = false;
        client.HostKeyReceived += (_, e) =>
        {
            presented = HostKeyPin.Fingerprint(e.HostKey);
            trusted = HostKeyPin.Matches(device.HostKeyFingerprint, presented);
            e.CanTrust = trusted;
            span?.AddEvent(new ActivityEvent("ssh.host_key_checked", tags: new ActivityTagsCollection
            {
                [SpanTags.HostKey] = presented,
                [SpanTags.HostKeyTrusted] = trusted,
            }));
        };

        using var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.ConnectAsync(linked.Token).WaitAsync(linked.Token);
            var id = Interlocked.Increment(ref _opened);
            span?.SetTag(SpanTags.SessionId, id);
            Log.Connected(logger, device.Name, device.Address, device.Port, id);
            return new SshConnection(SshPoolKey.For(device), client, id);
        }
        catch (Exception ex)
        {
            client.Dispose();
            if (presented is not null && !trusted)
            {
                Log.HostKeyRejected(logger, device.Name, device.HostKeyFingerprint ?? "(none)", presented);
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

            throw ex switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                OperationCanceledException or SshOperationTimeoutException => new SshRunException(
                    ExecutionStatus.TimedOut, $"connect to {device.Address}:{device.Port} timed out after {options.ConnectTimeout.TotalSeconds:0.###} s", ex) { ErrorType = ErrorTypes.Timeout },
                SshAuthenticationException => Auth(device, credential, ex),
                SocketException se => new SshRunException(
                    ExecutionStatus.Failed, $"cannot connect to {device.Address}:{device.Port}: {se.SocketErrorCode}", ex) { ErrorType = ErrorTypes.ConnectionFailed },
                SshException or IOException or ObjectDisposedException or InvalidOperationException => new SshRunException(
                    ExecutionStatus.Failed, $"SSH connection to {device.Address}:{device.Port} failed: {ex.Message}", ex) { ErrorType = ErrorTypes.ConnectionFailed },
                _ => ex,
            };
        }
    }

    private SshRunException Auth(Device device, DeviceCredential credential, Exception ex)
    {
        Log.AuthenticationFailed(logger, device.Name, credential.Username);
        return new SshRunException(ExecutionStatus.Failed, $"authentication failed for user '{credential.Username}' on {device.Name} (credential '{device.CredentialRef}')", ex)
        {
            ErrorType = ErrorTypes.AuthenticationFailed,
        };
    }

    private static AuthenticationMethod[] AuthenticationMethods(Device device, DeviceCredential credential)
    {
        var methods = new List<AuthenticationMethod>();
        if (!string.IsNullOrEmpty(credential.PrivateKeyPem))
        {
            try
            {
                var key = new PrivateKeyFile(new MemoryStream(Encoding.UTF8.GetBytes(credential.PrivateKeyPem)), credential.PrivateKeyPassphrase);
                methods.Add(new PrivateKeyAuthenticationMethod(credential.Username, key));
            }
            catch (Exception ex) when (ex is SshException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
            {
                // Never echo the key material or the parser's message (it can quote the key).
                throw new SshRunException(ExecutionStatus.Failed, $"the private key of credential '{device.CredentialRef}' could not be read (wrong passphrase or unsupported format)", ex)
                {
                    ErrorType = ErrorTypes.Credential,
                };
            }
        }

        if (!string.IsNullOrEmpty(credential.Password))
        {
            methods.Add(new PasswordAuthenticationMethod(credential.Username, credential.Password));
            var keyboard = new KeyboardInteractiveAuthenticationMethod(credential.Username);
            var password = credential.Password;
            keyboard.AuthenticationPrompt += (_, e) =>
            {
                foreach (var prompt in e.Prompts)
                {
                    prompt.Response = password;
                }
            };
            methods.Add(keyboard);
        }

        if (methods.Count == 0)
        {
            throw new SshRunException(ExecutionStatus.Failed, $"credential '{device.CredentialRef}' has neither a password nor a private key")
            {
                ErrorType = ErrorTypes.Credential,
            };
        }

        return [.. methods];
    }
}
