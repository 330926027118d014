namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>The id of an opened view.</summary>
internal sealed record ViewInfo(string Id);
