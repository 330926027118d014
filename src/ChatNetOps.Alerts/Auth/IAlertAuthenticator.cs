namespace ChatNetOps.Alerts.Auth;

using ChatNetOps.Core.Alerts;
using Microsoft.AspNetCore.Http;

/// <summary>
/// How one source proves a request is its own. <see cref="CheckHeadersAsync"/> runs before the body is read (a bad
/// token or a stale timestamp costs no body read); <see cref="CheckBody"/> after, for sources that sign the body.
/// </summary>
internal interface IAlertAuthenticator
{
    AlertSource Source { get; }

    /// <summary>False when the endpoint's secret is not configured: it then refuses everything.</summary>
    bool IsConfigured { get; }

    Task<AlertAuthResult> CheckHeadersAsync(HttpRequest request, CancellationToken cancellationToken);

    AlertAuthResult CheckBody(HttpRequest request, byte[] body);
}
