namespace ChatNetOps.Execution.Lab;

/// <summary>
/// A simulated interface. Traffic accrues at a steady rate while the interface is administratively up, measured on
/// the lab's <see cref="TimeProvider"/>, so counters move between two runs exactly as far as the clock moved.
/// </summary>
internal sealed class LabInterface
{
    private readonly long _rxPps;
    private readonly long _txPps;
    private readonly int _rxPacketSize;
    private readonly int _txPacketSize;
    private readonly long _baseRxPackets;
    private readonly long _baseTxPackets;
    private TimeSpan _upTime;
    private DateTimeOffset _since;

    public LabInterface(string deviceName, string name, string? description, string? ipv4, DateTimeOffset createdAt, int index, bool adminUp = true)
    {
        Name = name;
        Description = description;
        Ipv4 = ipv4;
        Index = index;
        AdminUp = adminUp;
        _since = createdAt;
        LastFlap = createdAt - TimeSpan.FromHours(LabHash.Between(deviceName + name, 1, 30, 900));
        var key = deviceName + "/" + name;
        _rxPps = LabHash.Between(key, 2, 40, 4000);
        _txPps = LabHash.Between(key, 3, 30, 3500);
        _rxPacketSize = LabHash.Between(key, 4, 180, 1200);
        _txPacketSize = LabHash.Between(key, 5, 150, 1100);
        _baseRxPackets = adminUp ? _rxPps * LabHash.Between(key, 6, 86_400, 2_000_000) : 0;
        _baseTxPackets = adminUp ? _txPps * LabHash.Between(key, 7, 86_400, 2_000_000) : 0;
        var mac = LabHash.Of(key, 8);
        Mac = $"{0x52:x2}{0x54:x2}.{(mac >> 24) & 0xff:x2}{(mac >> 16) & 0xff:x2}.{(mac >> 8) & 0xff:x2}{index & 0xff:x2}";
        Resets = LabHash.Between(key, 9, 0, 3);
    }

    public string Name { get; }

    public string? Description { get; }

    public string? Ipv4 { get; }

    public int Index { get; }

    /// <summary>Cisco dotted MAC, e.g. 5254.1a2b.3c01.</summary>
    public string Mac { get; }

    /// <summary>Colon MAC, e.g. 52:54:1a:2b:3c:01.</summary>
    public string MacColons => string.Join(':', Mac.Replace(".", string.Empty, StringComparison.Ordinal).Chunk(2).Select(c => new string(c)));

    public bool AdminUp { get; private set; }

    public int Resets { get; private set; }

    public DateTimeOffset LastFlap { get; private set; }

    /// <summary>Sets the admin state; returns whether it changed.</summary>
    public bool SetAdmin(bool up, DateTimeOffset now)
    {
        Accrue(now);
        if (AdminUp == up)
        {
            return false;
        }

        AdminUp = up;
        LastFlap = now;
        if (!up)
        {
            Resets++;
        }

        return true;
    }

    public InterfaceCounters CountersAt(DateTimeOffset now)
    {
        Accrue(now);
        var seconds = (long)_upTime.TotalSeconds;
        var rx = _baseRxPackets + (_rxPps * seconds);
        var tx = _baseTxPackets + (_txPps * seconds);
        var rxRate = AdminUp ? _rxPps : 0;
        var txRate = AdminUp ? _txPps : 0;
        return new InterfaceCounters(
            rx,
            rx * _rxPacketSize,
            tx,
            tx * _txPacketSize,
            rx / 97,
            rx / 1013,
            rxRate,
            txRate,
            rxRate * _rxPacketSize * 8,
            txRate * _txPacketSize * 8);
    }

    private void Accrue(DateTimeOffset now)
    {
        if (now <= _since)
        {
            return;
        }

        if (AdminUp)
        {
            _upTime += now - _since;
        }

        _since = now;
    }
}
