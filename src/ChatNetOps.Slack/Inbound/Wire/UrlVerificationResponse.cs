namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The echo of a url_verification challenge.</summary>
internal sealed record UrlVerificationResponse(string Challenge);
