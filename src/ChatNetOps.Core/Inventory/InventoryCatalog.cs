namespace ChatNetOps.Core.Inventory;

using ChatNetOps.Core.Policy;

/// <summary>The loaded, validated operational catalog: devices, runbooks and access policy.</summary>
public sealed class InventoryCatalog
{
    private readonly Dictionary<string, Device> _devices;
    private readonly Dictionary<string, Runbook> _runbooks;
    private readonly Dictionary<string, JumpHost> _jumpHosts;

    public InventoryCatalog(IEnumerable<Device> devices, IEnumerable<Runbook> runbooks, AccessPolicy policy, IEnumerable<JumpHost>? jumpHosts = null)
    {
        _devices = devices.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        _runbooks = runbooks.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        _jumpHosts = (jumpHosts ?? []).ToDictionary(j => j.Name, StringComparer.OrdinalIgnoreCase);
        Policy = policy;
    }

    public IReadOnlyCollection<Device> Devices => _devices.Values;

    public IReadOnlyCollection<Runbook> Runbooks => _runbooks.Values;

    public AccessPolicy Policy { get; }

    /// <summary>The jump hosts of <c>devices.yaml</c> (each device carries its own resolved chain in <see cref="Device.Via"/>).</summary>
    public IReadOnlyCollection<JumpHost> JumpHosts => _jumpHosts.Values;

    public JumpHost? FindJumpHost(string name) => _jumpHosts.GetValueOrDefault(name);

    public Device? FindDevice(string name) => _devices.GetValueOrDefault(name);

    public Runbook? FindRunbook(string name) => _runbooks.GetValueOrDefault(name);

    public IEnumerable<Device> DevicesInGroup(string group) => _devices.Values.Where(d => d.InGroup(group));

    public IReadOnlySet<string> Groups =>
        _devices.Values.SelectMany(d => d.Groups).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
