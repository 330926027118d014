namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// What the three files declare, for checks that cross files (a runbook naming a device group, a grant naming
/// a runbook). Parsers register such checks with <see cref="Defer"/>; they run once every file is read.
/// </summary>
internal sealed class LoadContext
{
    private readonly List<Action> _deferred = [];

    public HashSet<string> DeviceGroups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> DeviceNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> RunbookNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> RoleNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>False when a file could not be read at all; references into it are then not checked.</summary>
    public bool DevicesRead { get; set; }

    public bool RunbooksRead { get; set; }

    public bool PolicyRead { get; set; }

    public void Defer(Action check) => _deferred.Add(check);

    public void RunDeferred()
    {
        foreach (var check in _deferred)
        {
            check();
        }
    }
}
