namespace ChatNetOps.Teams.Connector;

/// <summary>No MicrosoftAppId (Development on loopback only): the Connector is called without a token.</summary>
internal sealed class NoConnectorTokenProvider : IConnectorTokenProvider
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
