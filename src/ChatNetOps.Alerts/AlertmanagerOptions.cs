namespace ChatNetOps.Alerts;

/// <summary>
/// <c>Alerts:Alertmanager</c>: Alertmanager cannot sign, so its webhook's <c>http_config</c> sends either
/// <c>authorization</c> (Bearer <see cref="BearerToken"/>) or <c>basic_auth</c> (<see cref="Username"/> and
/// <see cref="Password"/>). Either or both may be configured.
/// </summary>
public sealed class AlertmanagerOptions
{
    public string? BearerToken { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(BearerToken) || !string.IsNullOrEmpty(Password);
}
