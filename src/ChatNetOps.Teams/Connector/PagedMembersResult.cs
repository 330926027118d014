namespace ChatNetOps.Teams.Connector;

using ChatNetOps.Teams.Activities;

internal sealed record PagedMembersResult(string? ContinuationToken, IReadOnlyList<ChannelAccount>? Members);
