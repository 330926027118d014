namespace ChatNetOps.Azure.Tests.Infrastructure;

using global::Azure.Core;

/// <summary>A fixed token, counting the scopes it was asked for.</summary>
internal sealed class StaticTokenCredential(string token = "test-token-0123456789") : TokenCredential
{
    private readonly List<string> _scopes = [];

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_scopes)
        {
            _scopes.AddRange(requestContext.Scopes);
        }

        return new AccessToken(token, new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
