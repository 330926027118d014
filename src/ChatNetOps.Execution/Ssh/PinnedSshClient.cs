namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using System.Net;
using ChatNetOps.Execution.Tracing;
using Renci.SshNet;

/// <summary>
/// One SSH connection attempt with the host key pinned, shared by device sessions and jump hosts: the client (directly,
/// or through a forwarded local port), the host-key check recorded on the span, and the connect bounded by the connect
/// timeout on the host's clock. Callers map failures to their own words; <see cref="Presented"/> and
/// <see cref="Trusted"/> tell them whether a failure was the host key.
/// </summary>
internal sealed class PinnedSshClient
{
    private PinnedSshClient(SshClient client) => Client = client;

    public SshClient Client { get; }

    /// <summary>The fingerprint the peer presented; null when key exchange never got that far.</summary>
    public string? Presented { get; private set; }

    /// <summary>Whether <see cref="Presented"/> matched the pinned fingerprint.</summary>
    public bool Trusted { get; private set; }

    /// <summary>The host key was presented and refused.</summary>
    public bool HostKeyRejected => Presented is not null && !Trusted;

    /// <summary>A client for <paramref name="host"/>:<paramref name="port"/>, or for <paramref name="tunnel"/> when the connection goes through one.</summary>
    public static PinnedSshClient Create(
        string host, int port, IPEndPoint? tunnel, string username, AuthenticationMethod[] methods, string? pinnedFingerprint, TimeSpan connectTimeout, Activity? span)
    {
        var info = tunnel is null
            ? new ConnectionInfo(host, port, username, methods)
            : new ConnectionInfo(tunnel.Address.ToString(), tunnel.Port, username, methods);
        info.Timeout = connectTimeout;
        var pinned = new PinnedSshClient(new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        pinned.Client.HostKeyReceived += (_, e) =>
        {
            pinned.Presented = HostKeyPin.Fingerprint(e.HostKey);
            pinned.Trusted = HostKeyPin.Matches(pinnedFingerprint, pinned.Presented);
            e.CanTrust = pinned.Trusted;
            span?.AddEvent(new ActivityEvent("ssh.host_key_checked", tags: new ActivityTagsCollection
            {
                [SpanTags.HostKey] = pinned.Presented,
                [SpanTags.HostKeyTrusted] = pinned.Trusted,
            }));
        };
        return pinned;
    }

    /// <summary>Connects within <paramref name="connectTimeout"/> (an <see cref="OperationCanceledException"/> past it).</summary>
    public async Task ConnectAsync(TimeSpan connectTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(connectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await Client.ConnectAsync(linked.Token).WaitAsync(linked.Token);
    }
}
