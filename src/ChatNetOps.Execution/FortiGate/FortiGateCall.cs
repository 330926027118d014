namespace ChatNetOps.Execution.FortiGate;

/// <summary>
/// One runbook command translated to a monitor API request: <see cref="Path"/> under <c>/api/v2/monitor/</c> and its
/// query parameters (filters only; <c>vdom</c>, <c>start</c> and <c>count</c> are added when the request is sent).
/// </summary>
internal sealed record FortiGateCall(string Command, FortiGateEndpoint Endpoint, string Path, IReadOnlyList<KeyValuePair<string, string>> Query)
{
    /// <summary>For a tunnel listing narrowed to one phase 1 name.</summary>
    public string? Tunnel { get; init; }

    /// <summary>For a filter line: what it does to the next session list.</summary>
    public string? Note { get; init; }

    public bool Paged => Endpoint == FortiGateEndpoint.FirewallSessions;
}
