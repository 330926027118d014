namespace ChatNetOps.Execution.Lab;

using System.Globalization;
using System.Text;

/// <summary>Cisco IOS XE: a Catalyst 9300 access switch, or an ISR 4451 when the device name says router.</summary>
internal sealed class IosShell(LabDevice device, TimeProvider time, TimeSpan ospfRecovery)
    : CiscoShell(device, time, ospfRecovery)
{
    protected override string PromptSpacer => string.Empty;

    protected override IReadOnlyList<string> InterfaceTypes { get; } =
        ["GigabitEthernet", "TenGigabitEthernet", "FastEthernet", "Loopback", "Vlan", "Port-channel"];

    protected override string InvalidInputMessage => "% Invalid input detected at '^' marker.";

    protected override string NoSuchInterfaceMessage => InvalidInputMessage;

    protected override IEnumerable<CliCommand> ExecCommands(CliLine line)
    {
        var prompt = Prompt;
        yield return new("show ip ospf neighbor [detail]", _ => OspfNeighbors());
        yield return new("show ip interface brief", _ => InterfaceBrief());
        yield return new("show interfaces <name...>", c => WithInterface(line, 2, c["name"], prompt, ShowInterface));
        yield return new("show version", _ => Version());
        yield return new("show clock", _ => CommandOutcome.Ok(Now.ToString("'*'HH:mm:ss.fff 'UTC' ddd MMM d yyyy", CultureInfo.InvariantCulture) + "\n"));
        yield return new("clear ip ospf process", _ => ClearOspf());
        yield return new("clear ip ospf <pid> process", _ => ClearOspf());
    }

    private CommandOutcome ClearOspf()
    {
        Device.ResetOspf(null, Now, OspfRecovery);
        return CommandOutcome.Ok("Reset ALL OSPF processes? [no]: yes\n");
    }

    private CommandOutcome OspfNeighbors()
    {
        var now = Now;
        var text = new StringBuilder("\nNeighbor ID     Pri   State           Dead Time   Address         Interface\n");
        foreach (var n in Device.Neighbors)
        {
            if (n.StateAt(now, OspfRecovery, Device.InterfaceUp(n.Interface)) is not { } state)
            {
                continue;
            }

            var dead = $"00:00:{39 - (now.Second % 10)}";
            text.Append(CultureInfo.InvariantCulture, $"{n.RouterId,-15} {n.Priority,3}   {state.ToString().ToUpperInvariant() + "/" + n.Role,-15} {dead,-11} {n.Address,-15} {n.Interface}\n");
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome InterfaceBrief()
    {
        var text = new StringBuilder("Interface              IP-Address      OK? Method Status                Protocol\n");
        foreach (var i in Device.Interfaces)
        {
            var status = i.AdminUp ? "up" : "administratively down";
            text.Append(CultureInfo.InvariantCulture, $"{i.Name,-22} {i.Ipv4 ?? "unassigned",-15} YES {(i.Ipv4 is null ? "unset " : "NVRAM "),-6} {status,-21} {(i.AdminUp ? "up" : "down")}\n");
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome ShowInterface(LabInterface i)
    {
        var now = Now;
        var c = i.CountersAt(now);
        var state = i.AdminUp ? "up, line protocol is up (connected)" : "administratively down, line protocol is down (disabled)";
        var hardware = i.Name.StartsWith("Ten", StringComparison.Ordinal) ? "Ten Gigabit Ethernet" : i.Name.StartsWith("Gig", StringComparison.Ordinal) ? "Gigabit Ethernet" : "EtherSVI";
        var speed = i.Name.StartsWith("Ten", StringComparison.Ordinal) ? "10Gb/s, link type is auto, media type is SFP-10GBase-SR" : "1000Mb/s, media type is 10/100/1000BaseTX";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{i.Name} is {state}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Hardware is {hardware}, address is {i.Mac} (bia {i.Mac})\n");
        if (i.Description is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Description: {i.Description}\n");
        }

        if (i.Ipv4 is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Internet address is {i.Ipv4}/30\n");
        }

        text.Append("  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,\n     reliability 255/255, txload 1/255, rxload 1/255\n");
        text.Append("  Encapsulation ARPA, loopback not set\n  Keepalive set (10 sec)\n");
        text.Append(CultureInfo.InvariantCulture, $"  Full-duplex, {speed}\n");
        text.Append("  input flow-control is on, output flow-control is unsupported\n  ARP type: ARPA, ARP Timeout 04:00:00\n");
        text.Append(CultureInfo.InvariantCulture, $"  Last input 00:00:00, output 00:00:01, output hang never\n  Last clearing of \"show interface\" counters never\n");
        text.Append("  Input queue: 0/2000/0/0 (size/max/drops/flushes); Total output drops: 0\n  Queueing strategy: fifo\n  Output queue: 0/40 (size/max)\n");
        text.Append(CultureInfo.InvariantCulture, $"  5 minute input rate {c.RxBitsPerSecond} bits/sec, {c.RxPacketsPerSecond} packets/sec\n");
        text.Append(CultureInfo.InvariantCulture, $"  5 minute output rate {c.TxBitsPerSecond} bits/sec, {c.TxPacketsPerSecond} packets/sec\n");
        text.Append(CultureInfo.InvariantCulture, $"     {c.RxPackets} packets input, {c.RxBytes} bytes, 0 no buffer\n");
        text.Append(CultureInfo.InvariantCulture, $"     Received {c.RxBroadcast} broadcasts ({c.RxMulticast} multicasts)\n");
        text.Append("     0 runts, 0 giants, 0 throttles\n     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored\n");
        text.Append(CultureInfo.InvariantCulture, $"     0 watchdog, {c.RxMulticast} multicast, 0 pause input\n     0 input packets with dribble condition detected\n");
        text.Append(CultureInfo.InvariantCulture, $"     {c.TxPackets} packets output, {c.TxBytes} bytes, 0 underruns\n");
        text.Append(CultureInfo.InvariantCulture, $"     0 output errors, 0 collisions, {i.Resets} interface resets\n");
        text.Append("     0 unknown protocol drops\n     0 babbles, 0 late collision, 0 deferred\n     0 lost carrier, 0 no carrier, 0 pause output\n     0 output buffer failures, 0 output buffers swapped out\n");
        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome Version()
    {
        var now = Now;
        var router = Device.IsRouter;
        var model = router ? "ISR4451-X/K9" : "C9300-48P";
        var image = router ? "ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)" : "Catalyst L3 Switch Software (CAT9K_IOSXE)";
        var uptime = Weeks(now - Device.BootedAt);
        return CommandOutcome.Ok($"""
            Cisco IOS XE Software, Version 17.09.04a
            Cisco IOS Software [Cupertino], {image}, Version 17.9.4a, RELEASE SOFTWARE (fc3)
            Technical Support: http://www.cisco.com/techsupport
            Copyright (c) 1986-2023 by Cisco Systems, Inc.
            Compiled Fri 20-Oct-23 10:44 by mcpre

            ROM: IOS-XE ROMMON
            BOOTLDR: System Bootstrap, Version 17.9.1r, RELEASE SOFTWARE (P)

            {Device.Name} uptime is {uptime}
            Uptime for this control processor is {uptime}
            System returned to ROM by Reload Command
            System image file is "{(router ? "bootflash:packages.conf" : "flash:packages.conf")}"
            Last reload reason: Reload Command

            cisco {model} (X86) processor with 1331521K/6147K bytes of memory.
            Processor board ID {Device.Serial}
            {Device.Interfaces.Count(i => i.Name.StartsWith("Gig", StringComparison.Ordinal))} Gigabit Ethernet interfaces
            {Device.Interfaces.Count(i => i.Name.StartsWith("Ten", StringComparison.Ordinal))} Ten Gigabit Ethernet interfaces
            2048K bytes of non-volatile configuration memory.
            8388608K bytes of physical memory.

            Configuration register is 0x102

            """);
    }
}
