namespace ChatNetOps.Execution.FortiGate;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// Settings of the FortiGate REST executor (<c>Execution:FortiGate</c>). The whole-runbook limit is the runbook's own
/// timeout; <see cref="RequestTimeout"/> bounds each HTTP request inside it.
/// </summary>
public sealed class FortiGateOptions
{
    public const string SectionName = "Execution:FortiGate";

    /// <summary>
    /// PEM file of CA certificates a FortiGate's HTTPS certificate may chain to (with a matching name) when the device
    /// has no pinned <c>tls_certificate_sha256</c>. Without it, every FortiGate REST device needs a pin.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>TCP connect and TLS handshake.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One HTTP request, from sending it until the whole body arrived.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sessions asked for per page of <c>/api/v2/monitor/firewall/session</c> (FortiOS accepts 20 to 1000).</summary>
    [Range(20, 1000)]
    public int SessionPageSize { get; set; } = 1000;

    /// <summary>At most this many sessions are read per session list; the output says when the list was cut.</summary>
    [Range(20, 1_000_000)]
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>Largest response body accepted from one request.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 32 * 1024 * 1024;
}
