namespace ChatNetOps.Teams.Hosting;

/// <summary>The Bot Framework identity types (<c>MicrosoftAppType</c>).</summary>
internal enum BotAppType
{
    /// <summary>The value was not one of the known names.</summary>
    Unknown,

    SingleTenant,

    UserAssignedMsi,

    /// <summary>Legacy: new multi-tenant bots cannot be created since 2025-07-31.</summary>
    MultiTenant,
}
