namespace ChatNetOps.Alerts.Auth;

using ChatNetOps.Core.Alerts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

/// <summary>
/// Alertmanager's webhook cannot sign (its <c>http_config</c> offers <c>authorization</c> or <c>basic_auth</c>): the
/// request carries the configured Bearer token, or the configured basic-auth user and password.
/// </summary>
internal sealed class AlertmanagerAuthenticator(IOptions<AlertsOptions> options) : IAlertAuthenticator
{
    public AlertSource Source => AlertSource.Alertmanager;

    public bool IsConfigured => options.Value.Alertmanager.IsConfigured;

    public Task<AlertAuthResult> CheckHeadersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value.Alertmanager;
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AlertAuthResult.Refused("no-authorization-header"));
        }

        if (!SharedSecret.TrySplitAuthorization(header, out var scheme, out var parameter))
        {
            return Task.FromResult(AlertAuthResult.Refused("malformed-authorization-header"));
        }

        var accepted = scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? SharedSecret.Matches(parameter, settings.BearerToken)
            : SharedSecret.BasicMatches(scheme, parameter, settings.Username, settings.Password);
        return Task.FromResult(accepted ? AlertAuthResult.Accepted : AlertAuthResult.Refused("bad-credentials"));
    }

    public AlertAuthResult CheckBody(HttpRequest request, byte[] body) => AlertAuthResult.Accepted;
}
