namespace ChatNetOps.Teams.Activities;

internal sealed record TenantInfo(string? Id);
