namespace ChatNetOps.Teams.Hosting;

internal static class BotAppTypes
{
    /// <summary>Reads <c>MicrosoftAppType</c>; empty means <c>SingleTenant</c>, the default for new Azure Bot resources.</summary>
    public static BotAppType Parse(string? value) => value?.Trim() switch
    {
        null or "" => BotAppType.SingleTenant,
        var v when v.Equals("SingleTenant", StringComparison.OrdinalIgnoreCase) => BotAppType.SingleTenant,
        var v when v.Equals("UserAssignedMSI", StringComparison.OrdinalIgnoreCase) => BotAppType.UserAssignedMsi,
        var v when v.Equals("MultiTenant", StringComparison.OrdinalIgnoreCase) => BotAppType.MultiTenant,
        _ => BotAppType.Unknown,
    };
}
