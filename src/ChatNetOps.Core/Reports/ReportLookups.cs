namespace ChatNetOps.Core.Reports;

using ChatNetOps.Core.Inventory;

/// <summary>
/// What the audit events do not carry themselves: a device's platform and a policy member's roles, taken from the
/// catalog as it is now. Without a catalog both read "unknown".
/// </summary>
public sealed class ReportLookups(Func<string, string?> platformOf, Func<string, IReadOnlyList<string>> rolesOf)
{
    public const string Unknown = "unknown";

    public static ReportLookups None { get; } = new(_ => null, _ => []);

    public static ReportLookups From(InventoryCatalog catalog) => new(
        device => catalog.FindDevice(device)?.Platform.ToName(),
        member => catalog.Policy.FindMemberById(member)?.Roles ?? []);

    public string PlatformOf(string? device) => device is null ? Unknown : platformOf(device) ?? Unknown;

    public string RoleOf(Requests.Actor actor)
    {
        if (actor.MemberId is not { } member)
        {
            return "not a member";
        }

        if (string.Equals(member, Requests.Actor.System.MemberId, StringComparison.Ordinal))
        {
            return "system";
        }

        var roles = rolesOf(member);
        return roles.Count == 0 ? Unknown : string.Join("+", roles.Order(StringComparer.Ordinal));
    }
}
