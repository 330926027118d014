namespace ChatNetOps.Execution.Lab;

using ChatNetOps.Core.Inventory;

/// <summary>
/// The state of one simulated device: interfaces, OSPF neighbours, and on FortiOS the session table and IPsec
/// tunnels. Built deterministically from the device name, so the same inventory always shows the same lab.
/// Shells lock <see cref="Gate"/> while a command reads or changes the state.
/// </summary>
internal sealed class LabDevice
{
    private readonly List<LabInterface> _interfaces = [];
    private readonly List<OspfNeighbor> _neighbors = [];
    private readonly List<FirewallSession> _sessions = [];
    private readonly List<VpnTunnel> _tunnels = [];

    public LabDevice(Device device, DateTimeOffset createdAt)
    {
        Name = device.Name;
        Platform = device.Platform;
        Address = device.Address;
        Port = device.Port;
        CreatedAt = createdAt;
        BootedAt = createdAt - TimeSpan.FromMinutes(LabHash.Between(Name, 40, 3 * 24 * 60, 90 * 24 * 60));
        Serial = Platform switch
        {
            Platform.FortiOS => $"FG100FTK22{LabHash.Between(Name, 41, 100000, 999999)}",
            Platform.CiscoNxos => $"SAL{LabHash.Between(Name, 41, 1000, 9999)}ABCD",
            Platform.CiscoIos => $"FOC{LabHash.Between(Name, 41, 1000, 9999)}X{LabHash.Between(Name, 42, 100, 999)}",
            _ => $"{LabHash.Of(Name, 41):x8}",
        };
        BuildInterfaces();
        BuildNeighbors();
        if (Platform == Platform.FortiOS)
        {
            BuildSessions();
            BuildTunnels();
        }
    }

    public string Name { get; }

    public Platform Platform { get; }

    public string Address { get; }

    public int Port { get; }

    public string Serial { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset BootedAt { get; }

    public Lock Gate { get; } = new();

    /// <summary>Routers (by name) are laid out as routers, everything else on an IOS platform as a Catalyst switch.</summary>
    public bool IsRouter => Name.Contains("rtr", StringComparison.OrdinalIgnoreCase) || Name.Contains("router", StringComparison.OrdinalIgnoreCase);

    public string RouterId => $"10.255.{LabHash.Between(Name, 43, 0, 254)}.1";

    public IReadOnlyList<LabInterface> Interfaces => _interfaces;

    public IReadOnlyList<OspfNeighbor> Neighbors => _neighbors;

    public IReadOnlyList<FirewallSession> Sessions => _sessions;

    public IReadOnlyList<VpnTunnel> Tunnels => _tunnels;

    public LabInterface? FindInterface(string name) =>
        _interfaces.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool InterfaceUp(string name) => FindInterface(name)?.AdminUp ?? true;

    /// <summary>Resets the adjacency with one neighbour (router id or address), or all with null or "*"; returns how many.</summary>
    public int ResetOspf(string? neighbor, DateTimeOffset now, TimeSpan recovery)
    {
        var count = 0;
        foreach (var n in _neighbors)
        {
            if (neighbor is null or "*" || n.Matches(neighbor))
            {
                n.Reset(now, recovery);
                count++;
            }
        }

        return count;
    }

    /// <summary>Shuts or enables an interface; an enabled interface re-forms its OSPF adjacencies from scratch.</summary>
    public void SetAdmin(LabInterface iface, bool up, DateTimeOffset now, TimeSpan recovery)
    {
        if (iface.SetAdmin(up, now) && up)
        {
            foreach (var n in _neighbors.Where(n => string.Equals(n.Interface, iface.Name, StringComparison.OrdinalIgnoreCase)))
            {
                n.Reset(now, recovery);
            }
        }
    }

    private void BuildInterfaces()
    {
        var net = LabHash.Between(Name, 44, 1, 250);
        string[] names = Platform switch
        {
            Platform.FortiOS => ["wan1", "wan2", "port1", "port2", "port3", "port4", "port5", "port6"],
            Platform.CiscoNxos => ["mgmt0", .. Enumerable.Range(1, 12).Select(i => $"Ethernet1/{i}"), "loopback0"],
            Platform.CiscoIos when IsRouter => ["GigabitEthernet0/0/0", "GigabitEthernet0/0/1", "GigabitEthernet0/0/2", "GigabitEthernet0/0/3", "Loopback0"],
            Platform.CiscoIos => [.. Enumerable.Range(1, 12).Select(i => $"GigabitEthernet1/0/{i}"), .. Enumerable.Range(1, 4).Select(i => $"TenGigabitEthernet1/1/{i}"), "Vlan1"],
            _ => ["lo", "eth0", "eth1"],
        };

        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var ospfSlot = OspfInterfaces().ToList().IndexOf(name);
            var description = ospfSlot >= 0 ? $"ospf area 0 link {ospfSlot + 1}" : i == 0 ? "management" : null;
            var ipv4 = ospfSlot >= 0 ? $"10.{net}.{10 + ospfSlot}.1" : null;
            if (Platform == Platform.Linux && name == "eth1")
            {
                ipv4 = $"10.{net}.50.10";
            }

            // A couple of unused access ports are shut, as on a real switch.
            var adminUp = !(Platform == Platform.CiscoIos && !IsRouter && name.EndsWith("/11", StringComparison.Ordinal));
            _interfaces.Add(new LabInterface(Name, name, description, ipv4, CreatedAt, i + 1, adminUp));
        }
    }

    private IEnumerable<string> OspfInterfaces() => Platform switch
    {
        Platform.FortiOS => ["port1", "port2", "port3"],
        Platform.CiscoNxos => ["Ethernet1/1", "Ethernet1/2", "Ethernet1/3"],
        Platform.CiscoIos when IsRouter => ["GigabitEthernet0/0/1", "GigabitEthernet0/0/2", "GigabitEthernet0/0/3"],
        Platform.CiscoIos => ["TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/2", "TenGigabitEthernet1/1/3"],
        _ => ["eth1"],
    };

    private void BuildNeighbors()
    {
        var count = LabHash.Between(Name, 45, 2, 3);
        var net = LabHash.Between(Name, 44, 1, 250);
        var ridBase = LabHash.Between(Name, 46, 100, 240);
        var slots = OspfInterfaces().ToArray();
        string[] roles = ["DR", "BDR", "DROTHER"];
        for (var i = 0; i < count; i++)
        {
            var linux = Platform == Platform.Linux;
            var iface = linux ? slots[0] : slots[i];
            var address = linux ? $"10.{net}.50.{1 + i}" : $"10.{net}.{10 + i}.2";
            var formed = BootedAt + TimeSpan.FromMinutes(LabHash.Between(Name, 47 + i, 2, 600));
            _neighbors.Add(new OspfNeighbor($"198.51.100.{ridBase + (i * 5)}", address, iface, i == 2 ? 0 : 1, roles[i], formed));
        }
    }

    private void BuildSessions()
    {
        (int Proto, string Dst, int Port)[] services =
        [
            (6, "198.51.100.80", 443),
            (17, "198.51.100.53", 53),
            (6, "203.0.113.45", 443),
            (6, "198.51.100.25", 25),
            (1, "198.51.100.1", 8),
            (6, "203.0.113.80", 80),
            (6, "198.51.100.22", 22),
            (17, "203.0.113.123", 123),
        ];
        var nat = $"203.0.113.{LabHash.Between(Name, 50, 10, 19)}";
        for (var i = 0; i < 12; i++)
        {
            var service = services[i % services.Length];
            var src = i == 0 ? "10.10.1.25" : $"10.10.{1 + (i % 4)}.{LabHash.Between(Name, 60 + i, 20, 240)}";
            var sport = i == 0 ? 51234 : LabHash.Between(Name, 80 + i, 32768, 60999);
            var packets = LabHash.Between(Name, 100 + i, 4, 90000);
            var started = CreatedAt - TimeSpan.FromSeconds(LabHash.Between(Name, 120 + i, 1, 3000));
            _sessions.Add(new FirewallSession(
                service.Proto,
                src,
                service.Proto == 1 ? LabHash.Between(Name, 140 + i, 1, 65000) : sport,
                service.Dst,
                service.Port,
                nat,
                service.Proto == 17 ? 14 : 12,
                0x00a1_0000 + (LabHash.Of(Name, 160 + i) & 0xffff),
                started,
                service.Proto switch { 6 => 3600, 17 => 180, _ => 60 },
                packets * 112L,
                packets,
                packets * 931L,
                packets * 2L));
        }
    }

    private void BuildTunnels()
    {
        var local = $"203.0.113.{LabHash.Between(Name, 50, 10, 19)}";
        var up = CreatedAt - TimeSpan.FromMinutes(LabHash.Between(Name, 170, 30, 20000));
        _tunnels.Add(new VpnTunnel("to-branch-01", local, "203.0.113.21", "10.10.0.0/255.255.0.0", "10.21.0.0/255.255.0.0", true, LabHash.Between(Name, 171, 20, 900), up, LabHash.Of(Name, 172)));
        _tunnels.Add(new VpnTunnel("to-branch-02", local, "203.0.113.22", "10.10.0.0/255.255.0.0", "10.22.0.0/255.255.0.0", true, LabHash.Between(Name, 173, 20, 900), up, LabHash.Of(Name, 174)));
        _tunnels.Add(new VpnTunnel("to-dc-02", local, "198.51.100.40", "10.10.0.0/255.255.0.0", "10.40.0.0/255.255.0.0", false, 0, up, 0));
    }
}
