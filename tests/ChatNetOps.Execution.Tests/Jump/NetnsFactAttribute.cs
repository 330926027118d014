namespace ChatNetOps.Execution.Tests.Jump;

/// <summary>A fact that needs network namespaces; skipped, with the reason, only on a machine that cannot make them.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (Netns.UnavailableReason is { } reason)
        {
            Skip = "needs network namespaces: " + reason;
        }
    }
}
