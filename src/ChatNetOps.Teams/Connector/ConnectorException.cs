namespace ChatNetOps.Teams.Connector;

using System.Net;

/// <summary>The Connector refused a call (after retries); keeps its status and error code (e.g. <c>MessageWritesBlocked</c>).</summary>
internal sealed class ConnectorException(HttpStatusCode status, string? code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string? Code { get; } = code;
}
