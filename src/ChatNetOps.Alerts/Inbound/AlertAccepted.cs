namespace ChatNetOps.Alerts.Inbound;

/// <summary>The 200 answer: the notification's id, and whether it was recorded now or already had been.</summary>
internal sealed record AlertAccepted(string Id, string Status);
