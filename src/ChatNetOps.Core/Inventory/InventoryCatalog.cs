namespace ChatNetOps.Core.Inventory;

using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Policy;

/// <summary>
/// The loaded, validated operational catalog: devices, runbooks and access policy. Runbooks and policy come from
/// their files and never change while running. Devices come from <c>devices.yaml</c> and, when an inventory source is
/// configured, from its last good snapshot: <see cref="ApplySource"/> swaps the whole device set at once, so a reader
/// sees either the old set or the new one, never a mix.
/// </summary>
public sealed class InventoryCatalog
{
    private readonly Dictionary<string, Runbook> _runbooks;
    private readonly Dictionary<string, JumpHost> _jumpHosts;
    private readonly IReadOnlyList<Device> _localDevices;
    private volatile DeviceSet _set;

    public InventoryCatalog(IEnumerable<Device> devices, IEnumerable<Runbook> runbooks, AccessPolicy policy, IEnumerable<JumpHost>? jumpHosts = null)
    {
        _localDevices = devices.ToList();
        _runbooks = runbooks.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        _jumpHosts = (jumpHosts ?? []).ToDictionary(j => j.Name, StringComparer.OrdinalIgnoreCase);
        Policy = policy;
        _set = new DeviceSet(
            _localDevices.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, DeviceOrigin>(StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            null);
    }

    public IReadOnlyCollection<Device> Devices => _set.Devices.Values;

    public IReadOnlyCollection<Runbook> Runbooks => _runbooks.Values;

    public AccessPolicy Policy { get; }

    /// <summary>The jump hosts of <c>devices.yaml</c> (each device carries its own resolved chain in <see cref="Device.Via"/>).</summary>
    public IReadOnlyCollection<JumpHost> JumpHosts => _jumpHosts.Values;

    /// <summary>The devices of <c>devices.yaml</c>: local additions to, and overrides of, a source's devices.</summary>
    public IReadOnlyList<Device> LocalDevices => _localDevices;

    /// <summary>Jump host chains and defaults of <c>devices.yaml</c>, for routing devices from a source.</summary>
    public JumpRoutes Routes { get; init; } = JumpRoutes.None;

    /// <summary>The routes of <c>alert-routes.yaml</c>; <see cref="AlertRouteTable.None"/> when the inventory has none.</summary>
    public AlertRouteTable AlertRoutes { get; internal set; } = AlertRouteTable.None;

    /// <summary>The <c>devices.yaml</c> line of each local device.</summary>
    public IReadOnlyDictionary<string, DeviceOrigin> LocalOrigins { get; init; } = new Dictionary<string, DeviceOrigin>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The inventory source and its snapshot; null when devices come from <c>devices.yaml</c> only.</summary>
    public InventorySourceStatus? Source => _set.Source;

    public JumpHost? FindJumpHost(string name) => _jumpHosts.GetValueOrDefault(name);

    public Device? FindDevice(string name) => _set.Devices.GetValueOrDefault(name);

    public Runbook? FindRunbook(string name) => _runbooks.GetValueOrDefault(name);

    public IEnumerable<Device> DevicesInGroup(string group) => _set.Devices.Values.Where(d => d.InGroup(group));

    public IReadOnlySet<string> Groups =>
        _set.Devices.Values.SelectMany(d => d.Groups).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where the record of a device the catalog holds comes from.</summary>
    public DeviceOrigin OriginOf(string device) =>
        _set.Origins.GetValueOrDefault(device) ?? LocalOrigins.GetValueOrDefault(device) ?? new DeviceOrigin(DeviceOrigin.LocalFile, "?");

    /// <summary>
    /// Why a device the source used to list can no longer be targeted (removed, or no longer active or matching the
    /// filters); null when the catalog never had it or still has it.
    /// </summary>
    public string? WithdrawnReason(string device) => _set.Withdrawn.GetValueOrDefault(device);

    /// <summary>Devices the source used to list and lists no more, with why they cannot be targeted.</summary>
    public IReadOnlyDictionary<string, string> Withdrawn => _set.Withdrawn;

    /// <summary>The source's status (a refresh that failed keeps the devices and marks them stale).</summary>
    public void UpdateSourceStatus(InventorySourceStatus status)
    {
        var set = _set;
        _set = set with { Source = status };
    }

    /// <summary>Replaces every device from the source at once; <c>devices.yaml</c> devices are merged in by the caller.</summary>
    public void ApplySource(
        IReadOnlyDictionary<string, Device> devices,
        IReadOnlyDictionary<string, DeviceOrigin> origins,
        IReadOnlyDictionary<string, string> withdrawn,
        InventorySourceStatus status)
    {
        _set = new DeviceSet(new Dictionary<string, Device>(devices, StringComparer.OrdinalIgnoreCase), origins, withdrawn, status);
    }

    private sealed record DeviceSet(
        Dictionary<string, Device> Devices,
        IReadOnlyDictionary<string, DeviceOrigin> Origins,
        IReadOnlyDictionary<string, string> Withdrawn,
        InventorySourceStatus? Source);
}
