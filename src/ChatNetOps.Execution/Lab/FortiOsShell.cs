namespace ChatNetOps.Execution.Lab;

using System.Globalization;
using System.Net;
using System.Text;

/// <summary>FortiOS 7.2 on a FortiGate 100F: OSPF, NIC counters, the session table with its filter, IPsec, status.</summary>
internal sealed class FortiOsShell(LabDevice device, TimeProvider time, TimeSpan ospfRecovery)
    : LabShell(device, time, ospfRecovery)
{
    private static readonly string[] Verbs = ["get", "show", "diagnose", "execute", "config", "end", "exit"];

    private SessionFilter _filter = SessionFilter.None;

    public override string Prompt => $"{Device.Name} # ";

    protected override CommandOutcome Run(string command)
    {
        var line = new CliLine(command);
        if (line.Words.Count == 0)
        {
            return CommandOutcome.Ok(string.Empty);
        }

        if (!Verbs.Any(v => CliGrammar.IsKeyword(line.Words[0], v)))
        {
            return CommandOutcome.Fail("Unknown action 0\n", 1);
        }

        return CliCommand.Dispatch(line, Commands(), out var matched) ?? ParseError(line, matched);
    }

    private static CommandOutcome ParseError(CliLine line, int matched) =>
        CommandOutcome.Fail($"command parse error before '{(matched < line.Words.Count ? line.Words[matched] : line.Words[^1])}'\nCommand fail. Return code -61\n", -61);

    private IEnumerable<CliCommand> Commands()
    {
        yield return new("get router info ospf neighbor [all]", _ => OspfNeighbors());
        yield return new("execute router clear ospf process", _ =>
        {
            Device.ResetOspf(null, Now, OspfRecovery);
            return CommandOutcome.Ok(string.Empty);
        });
        yield return new("diagnose hardware deviceinfo nic", _ => NicList(string.Empty, 0));
        yield return new("diagnose hardware deviceinfo nic <name>", c => Nic(c["name"]));
        yield return new("get system interface physical", _ => Physical());
        yield return new("diagnose sys session filter", _ => CommandOutcome.Ok(FilterText()));
        yield return new("diagnose sys session filter clear", _ => SetFilter(SessionFilter.None));
        yield return new("diagnose sys session filter src <v>", c => WithAddress(c["v"], a => _filter with { Source = a }));
        yield return new("diagnose sys session filter dst <v>", c => WithAddress(c["v"], a => _filter with { Destination = a }));
        yield return new("diagnose sys session filter sport <v>", c => WithNumber(c["v"], 65535, n => _filter with { SourcePort = n }));
        yield return new("diagnose sys session filter dport <v>", c => WithNumber(c["v"], 65535, n => _filter with { DestinationPort = n }));
        yield return new("diagnose sys session filter proto <v>", c => WithNumber(c["v"], 255, n => _filter with { Protocol = n }));
        yield return new("diagnose sys session filter policy <v>", c => WithNumber(c["v"], int.MaxValue, n => _filter with { PolicyId = n }));
        yield return new("diagnose sys session list", _ => SessionList());
        yield return new("diagnose sys session stat", _ => SessionStat());
        yield return new("get vpn ipsec tunnel summary", _ => TunnelSummary());
        yield return new("diagnose vpn tunnel list", _ => TunnelList(null));
        yield return new("diagnose vpn tunnel list name <name>", c => TunnelList(c["name"]));
        yield return new("get system status", _ => Status());
        yield return new("get system performance status", _ => Performance());
    }

    private CommandOutcome SetFilter(SessionFilter filter)
    {
        _filter = filter;
        return CommandOutcome.Ok(string.Empty);
    }

    private CommandOutcome WithAddress(string value, Func<string, SessionFilter> apply) =>
        IPAddress.TryParse(value, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? SetFilter(apply(ip.ToString()))
            : CommandOutcome.Fail($"invalid ip address: {value}\nCommand fail. Return code -61\n", -61);

    private CommandOutcome WithNumber(string value, int max, Func<int, SessionFilter> apply) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max
            ? SetFilter(apply(n))
            : CommandOutcome.Fail($"value parse error before '{value}'\nCommand fail. Return code -61\n", -61);

    private CommandOutcome OspfNeighbors()
    {
        var now = Now;
        var text = new StringBuilder("\nOSPF process 0, VRF 0:\nNeighbor ID     Pri   State           Dead Time   Address         Interface\n");
        foreach (var n in Device.Neighbors)
        {
            if (n.StateAt(now, OspfRecovery, Device.InterfaceUp(n.Interface)) is not { } state)
            {
                continue;
            }

            var role = n.Role == "DROTHER" ? "DROther" : n.Role;
            text.Append(CultureInfo.InvariantCulture, $"{n.RouterId,-15} {n.Priority,3}   {state + "/" + role,-15} {$"00:00:{39 - (now.Second % 10)}",-11} {n.Address,-15} {n.Interface}\n");
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome NicList(string prefix, int returnCode)
    {
        var text = new StringBuilder(prefix).Append("The following NICs are available:\n");
        foreach (var i in Device.Interfaces)
        {
            text.Append('\t').Append(i.Name).Append('\n');
        }

        if (returnCode != 0)
        {
            text.Append("Command fail. Return code ").Append(returnCode).Append('\n');
        }

        return new CommandOutcome(text.ToString(), returnCode);
    }

    private CommandOutcome Nic(string name)
    {
        if (Device.FindInterface(name) is not { } i)
        {
            return NicList($"ERROR: NIC {name} not found\n", -61);
        }

        var c = i.CountersAt(Now);
        var up = i.AdminUp ? "up" : "down";
        return CommandOutcome.Ok($"""
            Description             :FortiASIC NP6XLITE Adapter
            Driver Name             :FortiASIC NP6XLITE Driver
            Name                    :np6xlite_0_{i.Name}
            PCI Slot                :
            irq                     :0
            Board                   :FortiGate-100F
            SN                      :{Device.Serial}
            Major ID                :1
            Minor ID                :{i.Index}
            lro support             :Yes
            Admin                   :{up}
            Current_HWaddr           {i.MacColons}
            Permanent_HWaddr         {i.MacColons}
            Link                    :{up}
            Speed                   :{(i.AdminUp ? "1000" : "Unknown")}
            Duplex                  :{(i.AdminUp ? "Full" : "Unknown")}
            FlowControl             :off
            Host Rx Pkts            :{c.RxPackets / 50}
            Host Rx Bytes           :{c.RxBytes / 50}
            Host Tx Pkts            :{c.TxPackets / 50}
            Host Tx Bytes           :{c.TxBytes / 50}
            Rx Pkts                 :{c.RxPackets}
            Rx Bytes                :{c.RxBytes}
            Tx Pkts                 :{c.TxPackets}
            Tx Bytes                :{c.TxBytes}
            rx_multicast            :{c.RxMulticast}
            rx_broadcast            :{c.RxBroadcast}
            rx_errors               :0
            rx_dropped              :0
            tx_errors               :0
            tx_dropped              :0
            collisions              :0

            """);
    }

    private CommandOutcome Physical()
    {
        var text = new StringBuilder("== [onboard]\n");
        foreach (var i in Device.Interfaces)
        {
            text.Append(CultureInfo.InvariantCulture, $"\t==[{i.Name}]\n\t\tmode: static\n\t\tip: {i.Ipv4 ?? "0.0.0.0"} {(i.Ipv4 is null ? "0.0.0.0" : "255.255.255.252")}\n\t\tipv6: ::/0\n\t\tstatus: {(i.AdminUp ? "up" : "down")}\n\t\tspeed: {(i.AdminUp ? "1000Mbps (Duplex: full)" : "n/a")}\n");
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private string FilterText()
    {
        static string Range(object? v) => v is null ? "any" : $"{v}-{v}";
        return $"""
            session filter:
            	vd: any
            	sintf: any
            	dintf: any
            	proto: {Range(_filter.Protocol)}
            	source ip: {Range(_filter.Source)}
            	NAT'd source ip: any
            	dest ip: {Range(_filter.Destination)}
            	NAT'd dest ip: any
            	source port: {Range(_filter.SourcePort)}
            	NAT'd source port: any
            	dest port: {Range(_filter.DestinationPort)}
            	NAT'd dest port: any
            	policy id: {Range(_filter.PolicyId)}
            	expire: any
            	duration: any
            	proto-state: any
            	session-state1: any
            	session-state2: any

            """;
    }

    private CommandOutcome SessionList()
    {
        var now = Now;
        var text = new StringBuilder();
        var count = 0;
        foreach (var s in Device.Sessions.Where(_filter.Matches))
        {
            count++;
            var duration = (long)Math.Max(0, (now - s.Started).TotalSeconds);
            var expire = s.Timeout - (duration % s.Timeout);
            var state = s.Protocol == 6 ? "01" : "00";
            text.Append(CultureInfo.InvariantCulture, $"session info: proto={s.Protocol} proto_state={state} duration={duration} expire={expire} timeout={s.Timeout} flags=00000000 socktype=0 sockport=0 av_idx=0 use=3\n");
            text.Append("origin-shaper=\nreply-shaper=\nper_ip_shaper=\nclass_id=0 ha_id=0 policy_dir=0 tunnel=/ vlan_cos=0/255\nstate=log may_dirty npu f00\n");
            text.Append(CultureInfo.InvariantCulture, $"statistic(bytes/packets/allow_err): org={s.OriginBytes}/{s.OriginPackets}/1 reply={s.ReplyBytes}/{s.ReplyPackets}/1 tuples=2\n");
            text.Append("tx speed(Bps/kbps): 0/0 rx speed(Bps/kbps): 0/0\n");
            text.Append(CultureInfo.InvariantCulture, $"orgin->sink: org pre->post, reply pre->post dev=5->1/1->5 gwy=203.0.113.1/{s.Source}\n");
            text.Append(CultureInfo.InvariantCulture, $"hook=post dir=org act=snat {s.Source}:{s.SourcePort}->{s.Destination}:{s.DestinationPort}({s.NatSource}:{s.SourcePort})\n");
            text.Append(CultureInfo.InvariantCulture, $"hook=pre dir=reply act=dnat {s.Destination}:{s.DestinationPort}->{s.NatSource}:{s.SourcePort}({s.Source}:{s.SourcePort})\n");
            text.Append("pos/(before,after) 0/(0,0), 0/(0,0)\n");
            text.Append(CultureInfo.InvariantCulture, $"misc=0 policy_id={s.PolicyId} pol_uuid_idx={500 + s.PolicyId} auth_info=0 chk_client_info=0 vd=0\n");
            text.Append(CultureInfo.InvariantCulture, $"serial={s.Serial:x8} tos=ff/ff app_list=0 app=0 url_cat=0\nrpdb_link_id=00000000 ngfwid=n/a\nnpu_state=0x000100\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"total session {count}\n");
        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome SessionStat()
    {
        var sessions = Device.Sessions;
        return CommandOutcome.Ok($"""
            misc info:	session_count={sessions.Count} setup_rate=4 exp_count=0 clash=0
            	memory_tension_drop=0 ephemeral=0/524288 removeable=0
            delete=0, flush=0, dev_down=0/0 ses_walkers=0
            TCP sessions:
            	 {sessions.Count(s => s.Protocol == 6)} in ESTABLISHED state
            firewall error stat:
            error1=00000000
            error2=00000000
            error3=00000000
            error4=00000000
            tt=00000000
            cont=00000000
            ids_recv=00000000
            url_recv=00000000
            av_recv=00000000
            fqdn_count=00000006
            fqdn6_count=00000000
            global: ses_limit=0 ses6_limit=0 rt_limit=0 rt6_limit=0

            """);
    }

    private (long Rx, long Tx) TunnelPackets(VpnTunnel t)
    {
        var seconds = (long)Math.Max(0, (Now - t.EstablishedAt).TotalSeconds);
        return (t.PacketsPerSecond * seconds, t.PacketsPerSecond * seconds * 9 / 10);
    }

    private CommandOutcome TunnelSummary()
    {
        var text = new StringBuilder();
        foreach (var t in Device.Tunnels)
        {
            var (rx, tx) = TunnelPackets(t);
            text.Append(CultureInfo.InvariantCulture, $"'{t.Name}' {t.RemoteGateway}:0  selectors(total,up): 1/{(t.Up ? 1 : 0)}  rx(pkt,err): {rx}/0  tx(pkt,err): {(t.Up ? tx : 12)}/{(t.Up ? 0 : 12)}\n");
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome TunnelList(string? name)
    {
        var now = Now;
        var text = new StringBuilder(name is null ? "list all ipsec tunnel in vd 0\n" : "list ipsec tunnel by names in vd 0\n");
        foreach (var t in Device.Tunnels.Where(t => name is null || string.Equals(t.Name, name, StringComparison.Ordinal)))
        {
            var (rx, tx) = TunnelPackets(t);
            var age = (long)Math.Max(0, (now - t.EstablishedAt).TotalSeconds);
            text.Append("------------------------------------------------------\n");
            text.Append(CultureInfo.InvariantCulture, $"name={t.Name} ver=2 serial=1 {t.LocalGateway}:0->{t.RemoteGateway}:0 tun_id={t.RemoteGateway} tun_id6=::{t.RemoteGateway} dst_mtu={(t.Up ? 1500 : 0)} dpd-link={(t.Up ? "on" : "off")} weight=1\n");
            text.Append(CultureInfo.InvariantCulture, $"bound_if=5 lgwy=static/1 tun=intf mode=auto/1 encap=none/552 options[0228]=npu frag-rfc  run_state={(t.Up ? 0 : 1)} role=primary accept_traffic=1 overlay_id=0\n\n");
            text.Append(CultureInfo.InvariantCulture, $"proxyid_num=1 child_num=0 refcnt={(t.Up ? 4 : 3)} ilast={(t.Up ? 1 : 42949630)} olast={(t.Up ? 1 : 42949630)} ad=/0\n");
            text.Append(CultureInfo.InvariantCulture, $"stat: rxp={rx} txp={(t.Up ? tx : 0)} rxb={rx * 420} txb={(t.Up ? tx * 390 : 0)}\n");
            text.Append(CultureInfo.InvariantCulture, $"dpd: mode=on-demand on={(t.Up ? 1 : 0)} idle=20000ms retry=3 count=0 seqno={(t.Up ? age / 20 : 0)}\n");
            text.Append("natt: mode=none draft=0 interval=0 remote_port=0\nfec: egress=0 ingress=0\n");
            text.Append(CultureInfo.InvariantCulture, $"proxyid={t.Name} proto=0 sa={(t.Up ? 1 : 0)} ref=2 serial=1 auto-negotiate\n");
            text.Append(CultureInfo.InvariantCulture, $"  src: 0:{t.LocalSubnet}:0\n  dst: 0:{t.RemoteSubnet}:0\n");
            if (t.Up)
            {
                var left = 43200 - (age % 43200);
                text.Append(CultureInfo.InvariantCulture, $"  SA:  ref=3 options=10226 type=00 soft=0 mtu=1438 expire={left}/0B replaywin=2048\n");
                text.Append(CultureInfo.InvariantCulture, $"       seqno={tx + 1:x} esn=0 replaywin_lastseq={rx:x8} qat=0 rekey=0 hash_search_len=1\n");
                text.Append(CultureInfo.InvariantCulture, $"  life: type=01 bytes=0/0 timeout={left}/43200\n");
                text.Append(CultureInfo.InvariantCulture, $"  dec: spi={t.Spi:x8} esp=aes key=16 {LabHash.Of(t.Name, 1):x8}{LabHash.Of(t.Name, 2):x8}{LabHash.Of(t.Name, 3):x8}{LabHash.Of(t.Name, 4):x8}\n");
                text.Append(CultureInfo.InvariantCulture, $"       ah=sha1 key=20 {LabHash.Of(t.Name, 5):x8}{LabHash.Of(t.Name, 6):x8}{LabHash.Of(t.Name, 7):x8}{LabHash.Of(t.Name, 8):x8}{LabHash.Of(t.Name, 9):x8}\n");
                text.Append(CultureInfo.InvariantCulture, $"  enc: spi={t.Spi ^ 0x5a5a5a5a:x8} esp=aes key=16 {LabHash.Of(t.Name, 11):x8}{LabHash.Of(t.Name, 12):x8}{LabHash.Of(t.Name, 13):x8}{LabHash.Of(t.Name, 14):x8}\n");
                text.Append(CultureInfo.InvariantCulture, $"       ah=sha1 key=20 {LabHash.Of(t.Name, 15):x8}{LabHash.Of(t.Name, 16):x8}{LabHash.Of(t.Name, 17):x8}{LabHash.Of(t.Name, 18):x8}{LabHash.Of(t.Name, 19):x8}\n");
                text.Append("  dec:pkts/bytes=0/0, enc:pkts/bytes=0/0\n  npu_flag=03 npu_rgwy=" + t.RemoteGateway + " npu_lgwy=" + t.LocalGateway + " npu_selid=0 dec_npuid=1 enc_npuid=1\n");
            }
        }

        return CommandOutcome.Ok(text.ToString());
    }

    private CommandOutcome Status()
    {
        var now = Now;
        var up = now - Device.BootedAt;
        var primary = Device.Name.EndsWith('1');
        return CommandOutcome.Ok($"""
            Version: FortiGate-100F v7.2.8,build1639,240313 (GA.M)
            Firmware Signature: certified
            Virus-DB: 92.04791(2024-06-03 08:24)
            Extended DB: 92.04791(2024-06-03 08:24)
            IPS-DB: 27.00793(2024-06-01 01:35)
            APP-DB: 27.00793(2024-06-01 01:35)
            Serial-Number: {Device.Serial}
            BIOS version: 05000010
            System Part-Number: P24261-04
            Log hard disk: Not available
            Hostname: {Device.Name}
            Private Encryption: Disable
            Operation Mode: NAT
            Current virtual domain: root
            Max number of virtual domains: 10
            Virtual domains status: 1 in NAT mode, 0 in TP mode
            Virtual domain configuration: disable
            FIPS-CC mode: disable
            Current HA mode: a-p, {(primary ? "primary" : "secondary")}
            Cluster uptime: {up.Days} days, {up.Hours} hours, {up.Minutes} minutes, {up.Seconds} seconds
            Branch point: 1639
            Release Version Information: GA
            FortiOS x86-64: Yes
            System time: {now.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture)}
            Last reboot reason: warm reboot

            """);
    }

    private CommandOutcome Performance()
    {
        var now = Now;
        var idle = LabHash.Between(Device.Name, (int)(now.ToUnixTimeSeconds() / 60), 88, 99);
        return CommandOutcome.Ok($"""
            CPU states: 0% user {100 - idle}% system 0% nice {idle}% idle 0% iowait 0% irq 0% softirq
            CPU0 states: 0% user {100 - idle}% system 0% nice {idle}% idle 0% iowait 0% irq 0% softirq
            CPU1 states: 0% user 1% system 0% nice 99% idle 0% iowait 0% irq 0% softirq
            Memory: 3944644k total, 1592460k used (40.3%), 2116720k free (53.7%), 235464k freeable (6.0%)
            Average network usage: 18243 / 16532 kbps in 1 minute, 17911 / 16020 kbps in 10 minutes, 17010 / 15990 kbps in 30 minutes
            Maximal network usage: 23761 / 20984 kbps in 1 minute, 31017 / 27544 kbps in 10 minutes, 35210 / 33002 kbps in 30 minutes
            Average sessions: {Device.Sessions.Count * 40} sessions in 1 minute, {Device.Sessions.Count * 41} sessions in 10 minutes, {Device.Sessions.Count * 39} sessions in 30 minutes
            Average session setup rate: 4 sessions per second in last 1 minute, 4 sessions per second in last 10 minutes, 4 sessions per second in last 30 minutes
            Average NPU sessions: 312 sessions in last 1 minute, 318 sessions in last 10 minutes, 301 sessions in last 30 minutes
            Virus caught: 0 total in 1 minute
            IPS attacks blocked: 0 total in 1 minute
            Uptime: {Uptime(now - Device.BootedAt)}

            """);
    }
}
