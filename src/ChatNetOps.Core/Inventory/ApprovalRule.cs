namespace ChatNetOps.Core.Inventory;

/// <summary>Who must approve a state-changing runbook before it runs.</summary>
/// <param name="Required">Whether a second engineer must approve.</param>
/// <param name="ApproverRoles">Roles whose members may approve (they also need an approve grant).</param>
/// <param name="Expiry">How long a request waits for approval; null means the configured default.</param>
public sealed record ApprovalRule(bool Required, IReadOnlyList<string> ApproverRoles, TimeSpan? Expiry)
{
    public static ApprovalRule None { get; } = new(false, [], null);
}
