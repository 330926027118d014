namespace ChatNetOps.Teams.Connector;

internal sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);
