namespace ChatNetOps.Teams.Connector;

internal sealed record ResourceResponse(string? Id);
