namespace ChatNetOps.Teams.Auth;

internal static class TeamsAuthDefaults
{
    /// <summary>The JwtBearer scheme that validates Bot Connector tokens; used explicitly by /api/messages only.</summary>
    public const string Scheme = "BotFramework";

    /// <summary>The <c>serviceurl</c> claim (lower case) the Connector puts in every channel token.</summary>
    public const string ServiceUrlClaim = "serviceurl";

    /// <summary>Where the endorsements of the validated token's signing key are kept for the endorsement check.</summary>
    public const string EndorsementsItem = "ChatNetOps.Teams.SigningKeyEndorsements";

    public static readonly string[] Algorithms = ["RS256", "RS384", "RS512"];

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
}
