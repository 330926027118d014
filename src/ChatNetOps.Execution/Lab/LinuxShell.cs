namespace ChatNetOps.Execution.Lab;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// An Ubuntu 22.04 jump host running FRR: <c>vtysh -c "..."</c>, <c>ip [-s] link show</c>,
/// <c>[sudo] ip link set X up|down</c>, <c>uptime</c>, <c>uname</c>, <c>hostname</c>, with bash's errors and exit codes.
/// </summary>
internal sealed partial class LinuxShell(LabDevice device, TimeProvider time, TimeSpan ospfRecovery)
    : LabShell(device, time, ospfRecovery)
{
    private const string User = "netops";

    public override string Prompt => $"{User}@{Device.Name}:~$ ";

    protected override CommandOutcome Run(string command)
    {
        if (command.Length == 0)
        {
            return CommandOutcome.Ok(string.Empty);
        }

        if (Vtysh().Match(command) is { Success: true } vtysh)
        {
            return Frr(vtysh.Groups["c"].Value);
        }

        if (IpLinkShow().Match(command) is { Success: true } show)
        {
            return LinkShow(show.Groups["if"].Success ? show.Groups["if"].Value : null, show.Groups["s"].Captures.Count);
        }

        if (IpLinkSet().Match(command) is { Success: true } set)
        {
            return LinkSet(set.Groups["sudo"].Success, set.Groups["if"].Value, set.Groups["state"].Value == "up");
        }

        var program = command.Split(' ', 2)[0];
        return command switch
        {
            "uptime" => CommandOutcome.Ok(UptimeLine()),
            "uname" => CommandOutcome.Ok("Linux\n"),
            "uname -r" => CommandOutcome.Ok("5.15.0-107-generic\n"),
            "uname -a" => CommandOutcome.Ok($"Linux {Device.Name} 5.15.0-107-generic #117-Ubuntu SMP Fri Apr 26 12:26:49 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n"),
            "hostname" => CommandOutcome.Ok(Device.Name + "\n"),
            _ when program is "uptime" or "uname" or "hostname" =>
                CommandOutcome.Fail($"{program}: invalid option -- '{command[(program.Length + 1)..].TrimStart('-')}'\nTry '{program} --help' for more information.\n", 1),
            _ when program == "ip" =>
                CommandOutcome.Fail($"Object \"{command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault(w => !w.StartsWith('-')) ?? string.Empty}\" is unknown, try \"ip help\".\n", 255),
            _ => CommandOutcome.Fail($"bash: {program}: command not found\n", 127),
        };
    }

    private string UptimeLine()
    {
        var now = Now;
        var up = now - Device.BootedAt;
        var load = LabHash.Between(Device.Name, (int)(now.ToUnixTimeSeconds() / 60), 1, 30) / 100.0;
        return string.Create(CultureInfo.InvariantCulture, $" {now:HH:mm:ss} up {up.Days} days, {up.Hours,2}:{up.Minutes:00},  1 user,  load average: {load:0.00}, {load * 0.8:0.00}, {load * 0.6:0.00}\n");
    }

    private CommandOutcome LinkShow(string? name, int statsLevel)
    {
        var interfaces = Device.Interfaces.AsEnumerable();
        if (name is not null)
        {
            if (Device.FindInterface(name) is not { } one)
            {
                return CommandOutcome.Fail($"Device \"{name}\" does not exist.\n", 1);
            }

            interfaces = [one];
        }

        var now = Now;
        var text = new StringBuilder();
        foreach (var i in interfaces)
        {
            var loopback = i.Name == "lo";
            var flags = loopback ? "LOOPBACK,UP,LOWER_UP" : i.AdminUp ? "BROADCAST,MULTICAST,UP,LOWER_UP" : "BROADCAST,MULTICAST";
            var state = loopback ? "UNKNOWN" : i.AdminUp ? "UP" : "DOWN";
            text.Append(CultureInfo.InvariantCulture, $"{i.Index}: {i.Name}: <{flags}> mtu {(loopback ? 65536 : 1500)} qdisc {(loopback ? "noqueue" : "mq")} state {state} mode DEFAULT group default qlen 1000\n");
            text.Append(loopback ? "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n" : $"    link/ether {i.MacColons} brd ff:ff:ff:ff:ff:ff\n");
            if (statsLevel > 0)
            {
                var c = i.CountersAt(now);
                text.Append("    RX:  bytes packets errors dropped  missed   mcast\n");
                text.Append(CultureInfo.InvariantCulture, $"    {c.RxBytes,10} {c.RxPackets,7} {0,6} {0,7} {0,7} {c.RxMulticast,7}\n");
                text.Append("    TX:  bytes packets errors dropped carrier collsns\n");
                text.Append(CultureInfo.InvariantCulture, $"    {c.TxBytes,10} {c.TxPackets,7} {0,6} {0,7} {0,7} {0,7}\n");
            }
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome LinkSet(bool sudo, string name, bool up)
    {
        if (!sudo)
        {
            return CommandOutcome.Fail("RTNETLINK answers: Operation not permitted\n", 2);
        }

        if (Device.FindInterface(name) is not { } iface)
        {
            return CommandOutcome.Fail($"Cannot find device \"{name}\"\n", 1);
        }

        Device.SetAdmin(iface, up, Now, OspfRecovery);
        return CommandOutcome.Ok(string.Empty);
    }

    private CommandOutcome Frr(string command)
    {
        var line = new CliLine(command);
        CliCommand[] commands =
        [
            new("show ip ospf neighbor [detail]", _ => FrrNeighbors()),
            new("show version", _ => CommandOutcome.Ok($"FRRouting 8.1 ({Device.Name}).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\n")),
            new("clear ip ospf process", _ =>
            {
                Device.ResetOspf(null, Now, OspfRecovery);
                return CommandOutcome.Ok(string.Empty);
            }),
        ];

        return CliCommand.Dispatch(line, commands, out _) ?? CommandOutcome.Fail($"% Unknown command: {command}\n", 1);
    }

    private CommandOutcome FrrNeighbors()
    {
        var now = Now;
        var local = Device.FindInterface("eth1")?.Ipv4;
        var text = new StringBuilder("\nNeighbor ID     Pri State           Up Time         Dead Time Address         Interface                        RXmtL RqstL DBsmL\n");
        foreach (var n in Device.Neighbors)
        {
            if (n.StateAt(now, OspfRecovery, Device.InterfaceUp(n.Interface)) is not { } state)
            {
                continue;
            }

            var role = n.Role switch { "BDR" => "Backup", "DROTHER" => "DROther", _ => n.Role };
            var since = state == OspfState.Full ? now - n.FormedAt : now - (n.ResetAt ?? now);
            var upTime = since.TotalDays >= 1 ? $"{since.Days}d{since.Hours:00}h{since.Minutes:00}m" : $"{since.Hours}h{since.Minutes:00}m{since.Seconds:00}s";
            var dead = $"{39 - (now.Second % 10)}.{now.Millisecond:000}s";
            text.Append(CultureInfo.InvariantCulture, $"{n.RouterId,-15} {n.Priority,3} {state + "/" + role,-15} {upTime,-15} {dead,9} {n.Address,-15} {n.Interface + ":" + local,-32} {0,5} {0,5} {0,5}\n");
        }

        return CommandOutcome.Ok(text.ToString());
    }

    [GeneratedRegex(@"^vtysh\s+-c\s+(?:""(?<c>[^""]*)""|'(?<c>[^']*)')$", RegexOptions.CultureInvariant)]
    private static partial Regex Vtysh();

    [GeneratedRegex(@"^ip(?:\s+(?<s>-s(?:tats?|tatistics)?))*\s+(?:link|li|lin|l)(?:\s+(?:show|list|ls|sh|lst))?(?:\s+(?:dev\s+)?(?<if>[A-Za-z0-9_.:-]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IpLinkShow();

    [GeneratedRegex(@"^(?:(?<sudo>sudo)\s+)?ip\s+link\s+set\s+(?:dev\s+)?(?<if>[A-Za-z0-9_.:-]+)\s+(?<state>up|down)$", RegexOptions.CultureInvariant)]
    private static partial Regex IpLinkSet();
}
