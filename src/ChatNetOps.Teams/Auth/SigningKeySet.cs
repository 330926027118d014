namespace ChatNetOps.Teams.Auth;

using Microsoft.IdentityModel.Tokens;

/// <summary>The Bot Connector's signing keys at one moment, with the channel ids each key is endorsed for.</summary>
internal sealed record SigningKeySet(
    IReadOnlyDictionary<string, SecurityKey> Keys,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Endorsements,
    DateTimeOffset FetchedAt)
{
    public static SigningKeySet Empty { get; } = new(new Dictionary<string, SecurityKey>(), new Dictionary<string, IReadOnlySet<string>>(), DateTimeOffset.MinValue);

    public bool Contains(string kid) => Keys.ContainsKey(kid);
}
