namespace ChatNetOps.Core.Policy;

public sealed record Role(string Name, string Description);
