namespace ChatNetOps.Alerts.Auth;

/// <summary>A request could not be checked now (the issuer's keys are unreachable): answered 503 so the source retries.</summary>
internal sealed class AlertAuthUnavailableException(string message) : Exception(message);
