namespace ChatNetOps.Teams.Connector;

using Azure.Core;

/// <summary>
/// Tokens for <c>https://api.botframework.com/.default</c> from an Azure.Identity credential (client secret,
/// certificate or managed identity, for the bot's own tenant), reused until five minutes before they expire.
/// </summary>
internal sealed class AzureIdentityTokenProvider(TokenCredential credential, TimeProvider time) : IConnectorTokenProvider, IDisposable
{
    public const string Scope = "https://api.botframework.com/.default";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && cached.ExpiresOn - time.GetUtcNow() > TimeSpan.FromMinutes(5))
        {
            return cached.Token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } again && again.ExpiresOn - time.GetUtcNow() > TimeSpan.FromMinutes(5))
            {
                return again.Token;
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
            _token = token;
            return token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
