namespace ChatNetOps.Teams.Connector;

/// <summary>Bearer tokens for calls to the Bot Connector; null when authentication is disabled (local Development).</summary>
internal interface IConnectorTokenProvider
{
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}
