namespace ChatNetOps.Alerts.Auth;

/// <summary>A check's verdict: accepted, or refused for a stable reason code that is recorded and answered.</summary>
internal readonly record struct AlertAuthResult(string? RefusalReason)
{
    public static AlertAuthResult Accepted { get; } = new(null);

    public bool IsAccepted => RefusalReason is null;

    public static AlertAuthResult Refused(string reason) => new(reason);
}
