namespace ChatNetOps.Execution.Tests.FortiGate;

/// <summary>One request the stand-in FortiGate received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Authorization)
{
    /// <summary>Kestrel's id of the TCP connection the request came on (the same id means a reused connection).</summary>
    public string? Connection { get; init; }

    /// <summary>The address the connection came from.</summary>
    public string? From { get; init; }
}
