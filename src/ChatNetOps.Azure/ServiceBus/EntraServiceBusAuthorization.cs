namespace ChatNetOps.Azure.ServiceBus;

using global::Azure.Core;

/// <summary>Bearer tokens from Azure.Identity for <c>https://servicebus.azure.net/.default</c>, cached until five minutes before expiry.</summary>
internal sealed class EntraServiceBusAuthorization(TokenCredential credential, TimeProvider time) : IServiceBusAuthorization, IDisposable
{
    public const string Scope = "https://servicebus.azure.net/.default";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken _token;

    public string Scheme => "Bearer (Entra ID)";

    public async Task<string> GetHeaderValueAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_token))
        {
            return "Bearer " + _token.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_token))
            {
                _token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            }

            return "Bearer " + _token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsFresh(AccessToken token) =>
        !string.IsNullOrEmpty(token.Token) && token.ExpiresOn - TimeSpan.FromMinutes(5) > time.GetUtcNow();
}
