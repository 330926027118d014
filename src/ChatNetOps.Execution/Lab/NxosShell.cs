namespace ChatNetOps.Execution.Lab;

using System.Globalization;
using System.Net;
using System.Text;

/// <summary>Cisco NX-OS on a Nexus 93180YC-FX distribution switch.</summary>
internal sealed class NxosShell(LabDevice device, TimeProvider time, TimeSpan ospfRecovery)
    : CiscoShell(device, time, ospfRecovery)
{
    protected override string PromptSpacer => " ";

    protected override IReadOnlyList<string> InterfaceTypes { get; } = ["Ethernet", "loopback", "mgmt", "Vlan", "port-channel"];

    protected override string InvalidInputMessage => "% Invalid command at '^' marker.";

    protected override string NoSuchInterfaceMessage => "% Invalid range at '^' marker.";

    protected override IEnumerable<CliCommand> ExecCommands(CliLine line)
    {
        var prompt = Prompt;
        yield return new("show ip ospf neighbors [detail]", _ => OspfNeighbors());
        yield return new("show interface brief", _ => InterfaceBrief());
        yield return new("show interface <name...>", c => WithInterface(line, 2, c["name"], prompt, ShowInterface));
        yield return new("show version", _ => Version());
        yield return new("show system resources", _ => Resources());
        yield return new("show clock", _ => CommandOutcome.Ok(Now.ToString("HH:mm:ss.fff 'UTC' ddd MMM dd yyyy", CultureInfo.InvariantCulture) + "\nTime source is NTP\n"));
        yield return new("clear ip ospf neighbor <who>", c => ClearNeighbor(line, c["who"], prompt));
    }

    private CommandOutcome ClearNeighbor(CliLine line, string who, string prompt)
    {
        if (who != "*" && !IPAddress.TryParse(who, out _))
        {
            return Invalid(line, 4, prompt);
        }

        // NX-OS accepts an address that is not a current neighbour and does nothing, silently.
        Device.ResetOspf(who, Now, OspfRecovery);
        return CommandOutcome.Ok(string.Empty);
    }

    private static string Short(string name) => name.StartsWith("Ethernet", StringComparison.Ordinal) ? "Eth" + name["Ethernet".Length..] : name;

    private CommandOutcome OspfNeighbors()
    {
        var now = Now;
        var rows = new StringBuilder();
        var count = 0;
        foreach (var n in Device.Neighbors)
        {
            if (n.StateAt(now, OspfRecovery, Device.InterfaceUp(n.Interface)) is not { } state)
            {
                continue;
            }

            count++;
            var since = state == OspfState.Full ? now - n.FormedAt : now - (n.ResetAt ?? now);
            rows.Append(CultureInfo.InvariantCulture, $" {n.RouterId,-15} {n.Priority,3} {state.ToString().ToUpperInvariant() + "/" + n.Role,-16} {Ago(since),-8} {n.Address,-15} {Short(n.Interface)}\n");
        }

        return CommandOutcome.Ok($" OSPF Process ID 1 VRF default\n Total number of neighbors: {count}\n Neighbor ID     Pri State            Up Time  Address         Interface\n{rows}");
    }

    private CommandOutcome InterfaceBrief()
    {
        var text = new StringBuilder("\n--------------------------------------------------------------------------------\nEthernet      VLAN    Type Mode   Status  Reason                   Speed     Port\nInterface                                                                    Ch #\n--------------------------------------------------------------------------------\n");
        foreach (var i in Device.Interfaces.Where(i => i.Name.StartsWith("Ethernet", StringComparison.Ordinal)))
        {
            var status = i.AdminUp ? "up     none                       " : "down    Administratively down      ";
            text.Append(CultureInfo.InvariantCulture, $"{Short(i.Name),-13} {(i.Ipv4 is null ? "1" : "--"),-7} eth  {(i.Ipv4 is null ? "access" : "routed")} {status}10G(D)    --\n");
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome ShowInterface(LabInterface i)
    {
        var now = Now;
        var c = i.CountersAt(now);
        var text = new StringBuilder();
        text.Append(i.AdminUp ? $"{i.Name} is up\nadmin state is up, Dedicated Interface\n" : $"{i.Name} is down (Administratively down)\nadmin state is down, Dedicated Interface\n");
        text.Append(CultureInfo.InvariantCulture, $"  Hardware: 100/1000/10000/25000 Ethernet, address: {i.Mac} (bia {i.Mac})\n");
        if (i.Description is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Description: {i.Description}\n");
        }

        if (i.Ipv4 is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Internet Address is {i.Ipv4}/30\n");
        }

        text.Append("  MTU 9216 bytes, BW 10000000 Kbit , DLY 10 usec\n  reliability 255/255, txload 1/255, rxload 1/255\n  Encapsulation ARPA, medium is broadcast\n");
        text.Append(i.AdminUp ? "  full-duplex, 10 Gb/s, media type is 10G\n" : "  auto-duplex, auto-speed, media type is 10G\n");
        text.Append("  Beacon is turned off\n  Auto-Negotiation is turned on  FEC mode is Auto\n  Input flow-control is off, output flow-control is off\n");
        text.Append(CultureInfo.InvariantCulture, $"  Last link flapped {Ago(now - i.LastFlap)}\n  Last clearing of \"show interface\" counters never\n  {i.Resets} interface resets\n");
        text.Append(CultureInfo.InvariantCulture, $"  30 seconds input rate {c.RxBitsPerSecond} bits/sec, {c.RxPacketsPerSecond} packets/sec\n");
        text.Append(CultureInfo.InvariantCulture, $"  30 seconds output rate {c.TxBitsPerSecond} bits/sec, {c.TxPacketsPerSecond} packets/sec\n");
        text.Append("  RX\n");
        text.Append(CultureInfo.InvariantCulture, $"    {c.RxPackets - c.RxMulticast - c.RxBroadcast} unicast packets  {c.RxMulticast} multicast packets  {c.RxBroadcast} broadcast packets\n");
        text.Append(CultureInfo.InvariantCulture, $"    {c.RxPackets} input packets  {c.RxBytes} bytes\n");
        text.Append("    0 jumbo packets  0 storm suppression packets\n    0 runts  0 giants  0 CRC  0 no buffer\n    0 input error  0 short frame  0 overrun   0 underrun  0 ignored\n    0 watchdog  0 bad etype drop  0 bad proto drop  0 if down drop\n    0 input with dribble  0 input discard\n    0 Rx pause\n");
        text.Append("  TX\n");
        text.Append(CultureInfo.InvariantCulture, $"    {c.TxPackets} unicast packets  0 multicast packets  0 broadcast packets\n");
        text.Append(CultureInfo.InvariantCulture, $"    {c.TxPackets} output packets  {c.TxBytes} bytes\n");
        text.Append("    0 jumbo packets\n    0 output error  0 collision  0 deferred  0 late collision\n    0 lost carrier  0 no carrier  0 babble  0 output discard\n    0 Tx pause\n");
        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome Version()
    {
        var up = Now - Device.BootedAt;
        return CommandOutcome.Ok($"""
            Cisco Nexus Operating System (NX-OS) Software
            TAC support: http://www.cisco.com/tac
            Copyright (C) 2002-2024, Cisco and/or its affiliates.
            All rights reserved.

            Software
              BIOS: version 05.47
              NXOS: version 10.3(5) [Maintenance Release]
              BIOS compile time:  04/28/2022
              NXOS image file is: bootflash:///nxos64-cs.10.3.5.M.bin
              NXOS compile time:  3/15/2024 12:00:00 [03/15/2024 21:13:47]

            Hardware
              cisco Nexus9000 C93180YC-FX Chassis
              Intel(R) Xeon(R) CPU D-1528 @ 1.90GHz with 24569356 kB of memory.
              Processor Board ID {Device.Serial}

              Device name: {Device.Name}
              bootflash:   53298520 kB

            Kernel uptime is {up.Days} day(s), {up.Hours} hour(s), {up.Minutes} minute(s), {up.Seconds} second(s)

            Last reset
              Reason: Reset Requested by CLI command reload
              System version: 10.3(5)

            """);
    }

    private CommandOutcome Resources()
    {
        var load = LabHash.Between(Device.Name, (int)(Now.ToUnixTimeSeconds() / 60), 15, 60) / 100.0;
        return CommandOutcome.Ok(string.Create(CultureInfo.InvariantCulture, $"""
            Load average:   1 minute: {load:0.00}   5 minutes: {load * 0.9:0.00}   15 minutes: {load * 0.85:0.00}
            Processes   :   812 total, 1 running
            CPU states  :   3.12% user,   1.04% kernel,   95.84% idle
                    CPU0 states  :   4.00% user,   1.00% kernel,   95.00% idle
                    CPU1 states  :   2.24% user,   1.08% kernel,   96.68% idle
            Memory usage:   24569356K total,   9123456K used,  15445900K free
            Kernel vmalloc:   0K total,   0K free
            Kernel buffers:   149380K Used
            Kernel cached :   4123916K Used

            Current memory status: OK

            """));
    }
}
