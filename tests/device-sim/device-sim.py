#!/usr/bin/python3
"""ChatNetOps device simulator: sshd's ForceCommand for the SSH executor tests.

Emulates FortiOS, Cisco IOS, Cisco NX-OS and Linux well enough for the executor's drivers: prompts
(FortiOS VDOM-aware), paging (--More--), config mode, error messages, OSPF state that changes when a
neighbour is cleared, and faults chosen by the test.

Runs in two ways, like a real device:
  * exec:  `ssh user@host 'show version'`  -> $SSH_ORIGINAL_COMMAND, output, exit status
  * shell: `ssh user@host` (pty)           -> banner, prompt loop on stdin until `exit`

Per-user files in $HOME (written by the test fixture / the test):
  sim-platform   fortios | cisco_ios | cisco_nxos | linux   (default: from the user name, else linux)
  sim-hostname   overrides the default hostname
  sim-vdoms      present => FortiOS runs VDOMs: commands outside a VDOM fail, `config vdom` / `edit X`
  sim-enable-secret
                 present => IOS shell sessions start in user EXEC (`host>`): only `show version`,
                 `show interfaces X`, `show ip ospf neighbor`, `terminal ...` and `enable` are accepted there
                 (anything else: % Invalid input); `enable` asks `Password:` (never echoed) and accepts the file's
                 first line (an empty file: % No password set); a wrong answer gets % Access denied.
                 The typed value is never logged, only "enable attempt N [(empty)]" / "enable ok" / "enable denied".
  sim-mode       faults, one directive per line (missing file = well-behaved device):
                   slow <seconds>          wait before every command's output
                   hang                    never answer a command (shell: prompt shown first)
                   hang-on <text>          hang only on commands containing <text>
                   drip <seconds>          answer with an endless line every <seconds>
                   drop                    print half of a non-empty output, then kill the SSH connection
                   error                   every command answers with the platform's error text
                   secrets                 outputs include passwords / communities / keys
                   page <lines>            page size when paging is on (default 20)
                   no-banner               no login banner in shell mode
                   ospf-recover <seconds>  how long a cleared OSPF neighbour stays down (default 3); `never`: it
                                           never comes back (a clear that breaks the adjacency)
                   ospf-recover-looks <n>  instead of wall-clock time: a cleared neighbour is listed as INIT/DROTHER by the
                                           next n OSPF neighbour listings, FULL from the one after (tests on a fake clock)
                   err-disable-once <if>   the first `no shutdown` of interface <if> after a `shutdown` leaves it down (a
                                           port that err-disables right after a bounce); the next `no shutdown` brings it up
                   pause-on <text>         before answering a command containing <text>, log "paused <command>" and wait
                                           until the file sim-release exists (a test holds a change mid-run), then delete it
                   enable-retries <n>      classic IOS: ask `Password:` up to n times, then % Bad secrets
                   enable-echo             echo the enable password as typed (a misbehaving terminal)
                   enable-hang             never answer after the enable password was typed
  questions      IOS shell, privileged EXEC: `clear counters` asks `... [confirm]` (Enter/y confirms),
                 `clear ip ospf process` asks `Reset ALL OSPF processes? [no]: ` (yes confirms); logged as
                 "question <name>", "answer '<typed>'", "confirmed <name>" / "declined <name>" (or "closed at question").
                 `show logging` prints question words inside finished lines (not questions).
  sim-state.json persistent device state (interfaces shut, cleared OSPF neighbours)
  sim-log        one line per session and per command (tests count sessions/commands)
  sim-pids/      pid files of running simulator processes (the fixture ends them on dispose)

Standard library only; run by Debian's /usr/bin/python3 (ci/install-sshd.sh installs it).
"""

import fcntl
import json
import os
import re
import select
import shlex
import signal
import sys
import time

HOME = os.environ.get("HOME") or os.path.expanduser("~")
MAX_LIFETIME = 180.0  # seconds; a forgotten session never outlives the test run by much
STARTED = time.monotonic()


# --------------------------------------------------------------------------------------------- files

def read_text(name, default=None):
    try:
        with open(os.path.join(HOME, name), "r", encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def log(line):
    try:
        with open(os.path.join(HOME, "sim-log"), "a", encoding="utf-8") as f:
            f.write("%.3f %d %s\n" % (time.time(), os.getpid(), line))
    except OSError:
        pass


def load_mode():
    mode = {}
    text = read_text("sim-mode", "") or ""
    for raw in text.splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        key, _, value = raw.partition(" ")
        mode[key.strip().lower()] = value.strip()
    return mode


class State:
    """JSON state shared by all sessions of one user, guarded by flock."""

    def __init__(self):
        self.path = os.path.join(HOME, "sim-state.json")

    def update(self, fn):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = b""
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                raw += chunk
            try:
                data = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError:
                data = {}
            result = fn(data)
            encoded = json.dumps(data).encode("utf-8")
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, encoded)
            return result
        finally:
            os.close(fd)

    def read(self):
        return self.update(lambda d: json.loads(json.dumps(d)))


STATE = State()


# ------------------------------------------------------------------------------------------ platform

def detect_platform():
    text = (read_text("sim-platform", "") or "").strip().lower()
    if text in ("fortios", "cisco_ios", "cisco_nxos", "linux"):
        return text
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    for key, value in (("forti", "fortios"), ("nxos", "cisco_nxos"), ("ios", "cisco_ios")):
        if key in user:
            return value
    return "linux"


PLATFORM = detect_platform()
DEFAULT_HOSTNAMES = {"fortios": "fw-edge-01", "cisco_ios": "acc-sw-01", "cisco_nxos": "dist-sw-01", "linux": "jump-01"}
HOSTNAME = ((read_text("sim-hostname", "") or "").strip() or DEFAULT_HOSTNAMES[PLATFORM])
MODE = load_mode()
VDOMS = read_text("sim-vdoms") is not None
_ENABLE_FILE = read_text("sim-enable-secret")
ENABLE_SECRET = None if _ENABLE_FILE is None else (_ENABLE_FILE.splitlines() or [""])[0]


class CommandError(Exception):
    """Output of a command the device rejected."""


# ------------------------------------------------------------------------------------------- outputs

OSPF_FORTIOS = [("10.255.0.2", "10.0.12.2", "port2", "Full/DR"), ("10.255.0.3", "10.0.13.3", "port3", "Full/BDR")]
OSPF_IOS = [("10.255.0.1", "10.1.0.1", "Vlan100", "FULL/DR"), ("10.255.0.2", "10.1.0.2", "Vlan100", "FULL/BDR")]
OSPF_NXOS = [("10.255.0.11", "10.2.0.11", "Eth1/49", "FULL/DR"), ("10.255.0.12", "10.2.0.13", "Eth1/50", "FULL/BDR")]
OSPF_LINUX = [("10.255.0.1", "10.9.0.1", "eth1:10.9.0.10", "Full/DR")]


def ospf_recover_seconds():
    value = MODE.get("ospf-recover", "3")
    if value.strip().lower() == "never":
        return float("inf")
    try:
        return float(value)
    except ValueError:
        return 3.0


def ospf_recover_looks():
    try:
        return max(0, int(MODE["ospf-recover-looks"]))
    except (KeyError, ValueError):
        return None


def ospf_neighbours_by_looks(table, looks):
    """ospf-recover-looks: a cleared neighbour is INIT for the next `looks` listings (counted in the state), then FULL."""
    def look(d):
        seen = d.setdefault("ospf_looks", {})
        out = []
        for nbr in table:
            if nbr[0] in d.get("ospf_cleared", {}) and seen.get(nbr[0], 0) < looks:
                seen[nbr[0]] = seen.get(nbr[0], 0) + 1
                out.append(((nbr[0], nbr[1], nbr[2], "INIT/DROTHER"), 0))
            else:
                out.append((nbr, None))
        return out
    return STATE.update(look)


def ospf_neighbours(table):
    """Neighbours currently up: a cleared one is absent until ospf-recover seconds have passed."""
    looks = ospf_recover_looks()
    if looks is not None:
        return ospf_neighbours_by_looks(table, looks)
    cleared = STATE.read().get("ospf_cleared", {})
    now = time.time()
    up = []
    for nbr in table:
        at = cleared.get(nbr[0])
        if at is not None and now - at < ospf_recover_seconds():
            continue
        uptime = None if at is None else max(0, int(now - at - ospf_recover_seconds()))
        up.append((nbr, uptime))
    return up


def fmt_uptime(seconds, default):
    if seconds is None:
        return default
    return "%02d:%02d:%02d" % (seconds // 3600, (seconds // 60) % 60, seconds % 60)


def interface_state(name):
    shut = STATE.read().get("shutdown", [])
    return "down" if name.lower() in shut else "up"


def secrets_lines():
    if "secrets" not in MODE:
        return []
    if PLATFORM == "fortios":
        return ["    set password ENC SH2Qm9ndXNTZWNyZXRIYXNoVmFsdWUxMjM0NTY3ODkw",
                "    set psksecret ENC Rm9ydGlQU0tTZWNyZXRWYWx1ZQ==",
                "    set api-key-token 9fk3mQpX8rTz2LwN5vYb7HcJ4dGs1A"]
    if PLATFORM in ("cisco_ios", "cisco_nxos"):
        return ["enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0",
                "username netops privilege 15 password 7 094F471A1A0A",
                "snmp-server community Sup3rS3cretComm RO",
                "tacacs-server key 7 0822455D0A16"]
    return ["export DB_PASSWORD='hunter2-s3cret'",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
            "-----END OPENSSH PRIVATE KEY-----"]


def fortios_command(cmd, ctx):
    words = cmd.split()
    if cmd == "config vdom" and VDOMS:
        ctx["scope"] = "vdom"
        return []
    if cmd == "config global" and VDOMS:
        ctx["scope"] = "global"
        return []
    if words[:1] == ["edit"] and ctx.get("scope") == "vdom" and len(words) == 2:
        if words[1] not in ("root", "dmz", "guest"):
            raise CommandError(["entry not found in datasource", "", "value parse error before '%s'" % words[1],
                                "Command fail. Return code -3"])
        ctx["vdom"] = words[1]
        return []
    if cmd in ("end", "next", "abort"):
        ctx.pop("vdom", None)
        ctx.pop("scope", None)
        return []
    if VDOMS and not ctx.get("vdom") and ctx.get("scope") != "global" and (words[:1] in (["get"], ["diagnose"], ["show"])):
        raise CommandError(["Command fail. Return code -61"])
    if cmd == "get router info ospf neighbor":
        out = ["", "OSPF process 0, VRF 0:",
               "Neighbor ID     Pri   State           Dead Time   Address         Interface"]
        for (rid, addr, intf, st), _ in ospf_neighbours(OSPF_FORTIOS):
            out.append("%-15s %3d   %-15s %-11s %-15s %s" % (rid, 1, st, "00:00:35", addr, intf))
        return out + [""]
    m = re.fullmatch(r"diagnose hardware deviceinfo nic (\S+)", cmd)
    if m:
        nic = m.group(1)
        if not re.fullmatch(r"(port|wan|dmz|internal|mgmt)[0-9]{0,2}", nic):
            raise CommandError(["Unknown action 0", "Command fail. Return code -1"])
        out = ["Description     :FortiASIC NP6XLITE Adapter", "Driver Name     :FortiASIC NP6XLITE Driver",
               "Name            :np6xlite_0", "PCI Slot        :", "irq             :0",
               "Board           :FGT100F", "SN              :FG100FTK20012345", "Major ID        :7",
               "Minor ID        :0", "lif id          :3", "lif oid         :67", "netdev oid      :67",
               "netdev flags    :1303", "Current_HWaddr   04:d5:90:12:34:56", "Permanent_HWaddr 04:d5:90:12:34:56",
               "========== Link Status ==========",
               "Admin           :%s" % interface_state(nic), "netdev status   :%s" % interface_state(nic),
               "autonego_setting:1", "link_setting    :1", "speed_setting   :10000", "duplex_setting  :0",
               "Speed           :1000", "Duplex          :Full", "link_status     :%s" % ("Up" if interface_state(nic) == "up" else "Down"),
               "============ Counters ===========", "Rx Pkts         :48211093", "Rx Bytes        :41257710347",
               "Tx Pkts         :30017728", "Tx Bytes        :9213456621", "Host Rx Pkts    :2191131",
               "Host Rx Bytes   :361210870", "Host Tx Pkts    :2180345", "Host Tx Bytes   :299811276",
               "Host Tx dropped :0", "FragTxCreate    :0", "FragTxOk        :0", "FragTxDrop      :0"]
        return out
    if words[:4] == ["diagnose", "sys", "session", "filter"]:
        if len(words) == 5 and words[4] == "clear":
            return []
        if len(words) == 6 and words[4] in ("src", "dst", "dport", "proto"):
            return []
        raise CommandError(["Unknown action 0", "Command fail. Return code -1"])
    if cmd == "diagnose sys session list":
        out = []
        for i, (src, dst, dport, proto) in enumerate([("10.10.1.15", "8.8.8.8", 53, 17), ("10.10.1.22", "93.184.216.34", 443, 6),
                                                      ("10.10.2.40", "10.20.0.5", 22, 6), ("10.10.1.15", "1.1.1.1", 443, 6)]):
            out += ["session info: proto=%d proto_state=01 duration=%d expire=3590 timeout=3600 flags=00000000 socktype=0 sockport=0 av_idx=0 use=3" % (proto, 120 + i),
                    "origin-shaper=", "reply-shaper=", "per_ip_shaper=", "class_id=0 ha_id=0 policy_dir=0 tunnel=/ vlan_cos=0/255",
                    "state=log may_dirty npu f00", "statistic(bytes/packets/allow_err): org=%d/%d/1 reply=%d/%d/1 tuples=2" % (1200 + i, 12, 5400 + i, 10),
                    "orgin->sink: org pre->post, reply pre->post dev=5->3/3->5 gwy=203.0.113.1/10.10.1.1",
                    "hook=post dir=org act=snat %s:%d->%s:%d(203.0.113.2:%d)" % (src, 51000 + i, dst, dport, 61000 + i),
                    "hook=pre dir=reply act=dnat %s:%d->203.0.113.2:%d(%s:%d)" % (dst, dport, 61000 + i, src, 51000 + i),
                    "misc=0 policy_id=%d pol_uuid_idx=15 auth_info=0 chk_client_info=0 vd=0" % (10 + i),
                    "serial=%08x tos=ff/ff app_list=0 app=0 url_cat=0" % (0x1a2b3c + i),
                    "rpdb_link_id=00000000 ngfwid=n/a", "npu_state=0x000c00", ""]
        return out + ["total session 4"]
    if cmd == "get vpn ipsec tunnel summary":
        return ["'hq-dc1' 203.0.113.10:0  selectors(total,up): 2/2  rx(pkt,err): 1843210/0  tx(pkt,err): 1721877/0",
                "'branch-07' 198.51.100.77:0  selectors(total,up): 1/1  rx(pkt,err): 99120/0  tx(pkt,err): 98011/0",
                "'partner-x' 192.0.2.200:0  selectors(total,up): 1/0  rx(pkt,err): 0/0  tx(pkt,err): 12/3"]
    m = re.fullmatch(r"diagnose vpn tunnel list name (\S+)", cmd)
    if m:
        name = m.group(1)
        if name not in ("hq-dc1", "branch-07", "partner-x"):
            return ["list ipsec tunnel by names in vd 0", "------------------------------------------------------"]
        return ["list ipsec tunnel by names in vd 0", "------------------------------------------------------",
                "name=%s ver=2 serial=1 203.0.113.2:0->203.0.113.10:0 tun_id=203.0.113.10 tun_id6=::10.0.0.1 dst_mtu=1500 dpd-link=on weight=1" % name,
                "bound_if=3 lgwy=static/1 tun=intf mode=auto/1 encap=none/552 options[0228]=npu frag-rfc  run_state=0 role=primary accept_traffic=1 overlay_id=0",
                "proxyid_num=2 child_num=0 refcnt=5 ilast=0 olast=0 ad=/0",
                "stat: rxp=1843210 txp=1721877 rxb=1290213311 txb=320113022",
                "dpd: mode=on-demand on=1 idle=20000ms retry=3 count=0 seqno=2211",
                "natt: mode=none draft=0 interval=0 remote_port=0",
                "proxyid=%s-p2 proto=0 sa=1 ref=2 serial=1 auto-negotiate" % name,
                "  src: 0:10.10.0.0-10.10.255.255:0", "  dst: 0:10.20.0.0-10.20.255.255:0",
                "  SA:  ref=6 options=38203 type=00 soft=0 mtu=1438 expire=25112/0B replaywin=2048",
                "       seqno=1a4f2 esn=0 replaywin_lastseq=0001a4f1 qat=0 rekey=0 hash_search_len=1",
                "  life: type=01 bytes=0/0 timeout=42900/43200",
                "  dec: spi=a1b2c3d4 esp=aes key=32 0123456789abcdef0123456789abcdef",
                "       ah=sha256 key=32 fedcba9876543210fedcba9876543210",
                "  enc: spi=d4c3b2a1 esp=aes key=32 00112233445566778899aabbccddeeff",
                "       ah=sha256 key=32 ffeeddccbbaa99887766554433221100"]
    if cmd == "get system status":
        return ["Version: FortiGate-100F v7.2.8,build1639,240313 (GA.M)", "Firmware Signature: certified",
                "Virus-DB: 92.03210(2024-11-20 10:25)", "Extended DB: 92.03210(2024-11-20 10:24)",
                "AV AI/ML Model: 2.17352(2024-11-20 12:50)", "IPS-DB: 28.00942(2024-11-19 01:32)",
                "IPS-ETDB: 28.00942(2024-11-19 01:32)", "APP-DB: 28.00942(2024-11-19 01:32)",
                "INDUSTRIAL-DB: 28.00942(2024-11-19 01:32)", "IPS Malicious URL Database: 5.00211(2024-11-20 05:21)",
                "Serial-Number: FG100FTK20012345", "BIOS version: 05000012", "System Part-Number: P24282-05",
                "Log hard disk: Not available", "Hostname: %s" % HOSTNAME, "Private Encryption: Disable",
                "Operation Mode: NAT", "Current virtual domain: %s" % ctx.get("vdom", "root"),
                "Max number of virtual domains: 10", "Virtual domains status: %d in NAT mode, 0 in TP mode" % (3 if VDOMS else 1),
                "Virtual domain configuration: %s" % ("multiple" if VDOMS else "disable"), "FIPS-CC mode: disable",
                "Current HA mode: standalone", "Branch point: 1639", "Release Version Information: GA",
                "System time: Sat Nov 23 20:31:07 2024", "Last reboot reason: warm reboot"] + secrets_lines()
    if cmd == "get system performance status":
        return ["CPU states: 0% user 1% system 0% nice 99% idle 0% iowait 0% irq 0% softirq",
                "CPU0 states: 0% user 1% system 0% nice 99% idle 0% iowait 0% irq 0% softirq",
                "Memory: 3959552k total, 1489644k used (37.6%), 2340120k free (59.1%), 129788k freeable (3.3%)",
                "Average network usage: 1822 / 1710 kbps in 1 minute, 1799 / 1688 kbps in 10 minutes",
                "Average sessions: 311 sessions in 1 minute, 298 sessions in 10 minutes",
                "Average session setup rate: 4 sessions per second in last 1 minute",
                "Virus caught: 0 total in 1 minute", "IPS attacks blocked: 0 total in 1 minute",
                "Uptime: 41 days,  3 hours,  12 minutes"]
    if cmd == "show full-configuration system admin" or cmd == "show system admin":
        return ["config system admin", "    edit \"admin\"", "        set accprofile \"super_admin\""] + secrets_lines() + ["    next", "end"]
    raise CommandError(["Unknown action 0", "Command fail. Return code -1"] if words and words[0] in ("diagnose", "execute")
                       else ["command parse error before '%s'" % (words[-1] if words else ""), "Command fail. Return code -61"])


USER_EXEC_COMMANDS = re.compile(
    r"terminal .+|show version|show interfaces? \S+|show ip ospf neighbor|enable|disable", re.IGNORECASE)


def ios_like_command(cmd, ctx, nxos):
    words = cmd.split()
    low = cmd.lower()
    mode = ctx.get("cfg")
    if not ctx.get("enabled", True) and not USER_EXEC_COMMANDS.fullmatch(cmd):
        # User EXEC (`host>`): configuration, clear and privileged show commands are not available.
        raise invalid(cmd, nxos)
    if low in ("configure terminal", "conf t", "config t"):
        ctx["cfg"] = "config"
        return [] if nxos else ["Enter configuration commands, one per line.  End with CNTL/Z."]
    if mode:
        m = re.fullmatch(r"interface (\S+)", cmd, re.IGNORECASE)
        if m:
            ctx["cfg"] = "config-if"
            ctx["intf"] = m.group(1)
            return []
        if low in ("shutdown", "no shutdown") and mode == "config-if":
            name = ctx["intf"].lower()

            flaky = MODE.get("err-disable-once", "").lower()

            def apply(d):
                shut = set(d.get("shutdown", []))
                if low == "shutdown":
                    shut.add(name)
                elif name == flaky and name in shut and not d.get("err_disabled"):
                    d["err_disabled"] = True  # once: the port goes straight back down
                    log("err-disabled " + name)
                else:
                    shut.discard(name)
                d["shutdown"] = sorted(shut)
            STATE.update(apply)
            return []
        if low == "end":
            ctx.pop("cfg", None)
            ctx.pop("intf", None)
            return [] if nxos else ["%SYS-5-CONFIG_I: Configured from console by netops on vty0 (127.0.0.1)"]
        if low == "exit":
            ctx["cfg"] = "config" if mode == "config-if" else None
            return []
        raise invalid(cmd, nxos)
    if low in ("terminal length 0", "terminal width 511", "terminal width 0", "terminal no monitor"):
        if low == "terminal length 0":
            ctx["paging"] = False
        return []
    if low.startswith("terminal length "):
        ctx["paging"] = words[-1] != "0"
        return []
    if low == "enable":
        ctx["enabled"] = True
        return []
    if low == "disable" and not nxos:
        ctx["enabled"] = False
        return []
    if low in ("sh", "show"):
        raise CommandError(["% Incomplete command."] if not nxos else ["                    ^", "% Incomplete command at '^' marker."])
    if low in ("sh ip", "s"):
        raise CommandError(['% Ambiguous command:  "' + cmd + '"'])
    if (not nxos and low == "show ip ospf neighbor") or (nxos and low == "show ip ospf neighbors"):
        if nxos:
            up = ospf_neighbours(OSPF_NXOS)
            out = [" OSPF Process ID 1 VRF default", " Total number of neighbors: %d" % len(up),
                   " Neighbor ID     Pri State            Up Time  Address         Interface"]
            for (rid, addr, intf, st), uptime in up:
                out.append(" %-15s %3d %-16s %-8s %-15s %s" % (rid, 1, st, fmt_uptime(uptime, "3d02h"), addr, intf))
            return out
        out = ["", "Neighbor ID     Pri   State           Dead Time   Address         Interface"]
        for (rid, addr, intf, st), _ in ospf_neighbours(OSPF_IOS):
            out.append("%-15s %3d   %-15s %-11s %-15s %s" % (rid, 1, st, "00:00:33", addr, intf))
        return out
    if low == "show logging" and not nxos:
        # Question words inside finished lines are output, not questions.
        return ["Syslog logging: enabled (0 messages dropped, 0 flushes)",
                "*Dec  6 23:01:12.345: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged command:clear counters [confirm]",
                "*Dec  6 23:01:13.001: %SYS-5-NOTE: operator answered (y/n) prompt with y, continuing",
                "*Dec  6 23:01:14.002: %SYS-5-NOTE: Are you sure? was asked and answered",
                "Log Buffer (8192 bytes): end"]
    m = re.fullmatch(r"clear ip ospf neighbor (\S+)", cmd, re.IGNORECASE)
    if m and nxos:
        rid = m.group(1)
        if rid not in [n[0] for n in OSPF_NXOS] + [n[1] for n in OSPF_NXOS]:
            return []

        def clear(d):
            rid_ = next(n[0] for n in OSPF_NXOS if rid in (n[0], n[1]))
            d.setdefault("ospf_cleared", {})[rid_] = time.time()
            d.setdefault("ospf_looks", {}).pop(rid_, None)
        STATE.update(clear)
        return []
    m = re.fullmatch(r"show interfaces? (\S+)", cmd, re.IGNORECASE)
    if m and ((not nxos and words[1].lower() == "interfaces") or (nxos and words[1].lower() == "interface")):
        name = m.group(1)
        if not re.fullmatch(r"(GigabitEthernet|TenGigabitEthernet|FastEthernet|Ethernet|Gi|Te|Fa|Eth|Vlan|Loopback)[0-9]{1,4}(/[0-9]{1,3}){0,3}", name, re.IGNORECASE):
            raise invalid(cmd, nxos, at=len("show interfaces ") if not nxos else len("show interface "))
        st = interface_state(name)
        if nxos:
            return ["%s is %s" % (name, st), "admin state is %s, Dedicated Interface" % st,
                    "  Hardware: 1000/10000/25000 Ethernet, address: 003a.7d21.0a10 (bia 003a.7d21.0a10)",
                    "  MTU 9216 bytes, BW 10000000 Kbit , DLY 10 usec", "  reliability 255/255, txload 1/255, rxload 1/255",
                    "  Encapsulation ARPA, medium is broadcast", "  full-duplex, 10 Gb/s, media type is 10G",
                    "  Beacon is turned off", "  Auto-Negotiation is turned on  FEC mode is Auto",
                    "  Last link flapped 3d02h", "  Last clearing of \"show interface\" counters never",
                    "  1 interface resets", "  30 seconds input rate 183232 bits/sec, 61 packets/sec",
                    "  30 seconds output rate 171120 bits/sec, 58 packets/sec", "  RX",
                    "    48211093 unicast packets  12001 multicast packets  301 broadcast packets",
                    "    48223395 input packets  41257710347 bytes", "    0 jumbo packets  0 storm suppression bytes",
                    "    0 runts  0 giants  0 CRC  0 no buffer", "    0 input error  0 short frame  0 overrun   0 underrun  0 ignored",
                    "  TX", "    30017728 unicast packets  9912 multicast packets  88 broadcast packets",
                    "    30027728 output packets  9213456621 bytes", "    0 output error  0 collision  0 deferred  0 late collision"]
        return ["%s is %s, line protocol is %s " % (name, st if st == "up" else "administratively down", st),
                "  Hardware is Gigabit Ethernet, address is 00a2.891c.4f01 (bia 00a2.891c.4f01)",
                "  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec, ", "     reliability 255/255, txload 1/255, rxload 1/255",
                "  Encapsulation ARPA, loopback not set", "  Keepalive set (10 sec)", "  Full-duplex, 1000Mb/s, media type is 10/100/1000BaseTX",
                "  input flow-control is off, output flow-control is unsupported ", "  ARP type: ARPA, ARP Timeout 04:00:00",
                "  Last input 00:00:00, output 00:00:00, output hang never", "  Last clearing of \"show interface\" counters never",
                "  Input queue: 0/2000/0/0 (size/max/drops/flushes); Total output drops: 0", "  Queueing strategy: fifo",
                "  Output queue: 0/40 (size/max)", "  5 minute input rate 182000 bits/sec, 61 packets/sec",
                "  5 minute output rate 171000 bits/sec, 58 packets/sec", "     48211093 packets input, 41257710347 bytes, 0 no buffer",
                "     Received 12302 broadcasts (12001 multicasts)", "     0 runts, 0 giants, 0 throttles ",
                "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored", "     0 watchdog, 12001 multicast, 0 pause input",
                "     0 input packets with dribble condition detected", "     30017728 packets output, 9213456621 bytes, 0 underruns",
                "     0 output errors, 0 collisions, 1 interface resets", "     0 unknown protocol drops",
                "     0 babbles, 0 late collision, 0 deferred", "     0 lost carrier, 0 no carrier, 0 pause output",
                "     0 output buffer failures, 0 output buffers swapped out"]
    if low == "show version":
        if nxos:
            return ["Cisco Nexus Operating System (NX-OS) Software", "TAC support: http://www.cisco.com/tac",
                    "Copyright (C) 2002-2023, Cisco and/or its affiliates.", "All rights reserved.", "",
                    "Software", "  BIOS: version 05.47", " NXOS: version 10.3(4a) [Maintenance Release]",
                    "  BIOS compile time:  04/28/2022", "  NXOS image file is: bootflash:///nxos64-cs.10.3.4a.M.bin",
                    "  NXOS compile time:  11/30/2023 12:00:00 [11/30/2023 21:38:29]", "", "Hardware",
                    "  cisco Nexus9000 C93180YC-FX Chassis", "  Intel(R) Xeon(R) CPU D-1528 @ 1.90GHz with 24631612 kB of memory.",
                    "  Processor Board ID FDO23110ABC", "", "  Device name: %s" % HOSTNAME, "  bootflash:  115805708 kB",
                    "Kernel uptime is 41 day(s), 3 hour(s), 12 minute(s), 7 second(s)", "",
                    "Last reset at 441123 usecs after Fri Oct 11 17:19:00 2024", "  Reason: Reset Requested by CLI command reload",
                    "  System version: 10.3(4a)", "  Service: ", "", "plugin", "  Core Plugin, Ethernet Plugin", "",
                    "Active Package(s):"] + secrets_lines()
        return ["Cisco IOS XE Software, Version 17.09.04a", "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)",
                "Technical Support: http://www.cisco.com/techsupport", "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
                "Compiled Fri 20-Oct-23 10:44 by mcpre", "", "ROM: IOS-XE ROMMON", "BOOTLDR: System Bootstrap, Version 17.9.1r, RELEASE SOFTWARE (P)",
                "", "%s uptime is 41 weeks, 3 days, 12 hours, 7 minutes" % HOSTNAME, "Uptime for this control processor is 41 weeks, 3 days, 12 hours, 9 minutes",
                "System returned to ROM by Reload Command", "System image file is \"flash:packages.conf\"",
                "Last reload reason: Reload Command", "", "cisco C9300-48P (X86) processor with 1331521K/6147K bytes of memory.",
                "Processor board ID FOC2311X0AB", "1 Virtual Ethernet interface", "52 Gigabit Ethernet interfaces",
                "4 Ten Gigabit Ethernet interfaces", "2048K bytes of non-volatile configuration memory.",
                "8388608K bytes of physical memory.", "1638400K bytes of Crash Files at crashinfo:.",
                "11264000K bytes of Flash at flash:.", "", "Base Ethernet MAC Address          : 00:a2:89:1c:4f:00",
                "Motherboard Assembly Number        : 73-18785-04", "Model Number                       : C9300-48P",
                "System Serial Number               : FOC2311X0AB", "", "Configuration register is 0x102"] + secrets_lines()
    if nxos and low == "show system resources":
        return ["Load average:   1 minute: 0.42   5 minutes: 0.38   15 minutes: 0.35",
                "Processes   :   1011 total, 1 running", "CPU states  :   2.10% user,   1.05% kernel,   96.85% idle",
                "        CPU0 states  :   3.00% user,   1.00% kernel,   96.00% idle",
                "Memory usage:   24631612K total,   8012211K used,   16619401K free",
                "Kernel vmalloc:   0K total,   0K free", "Kernel buffers:   12345K Used", "Kernel cached   :   4567890K Used",
                "Current memory status: OK"]
    raise invalid(cmd, nxos)


def invalid(cmd, nxos, at=None):
    pos = at if at is not None else max(0, len(cmd.split()[0]) if cmd.split() else 0)
    caret = " " * (len(HOSTNAME) + 1 + pos) + "^"
    return CommandError([caret, "% Invalid command at '^' marker." if nxos else "% Invalid input detected at '^' marker."])


LINUX_COMMANDS = {
    "uptime": lambda: [" 20:31:07 up 41 days,  3:12,  1 user,  load average: 0.08, 0.03, 0.01"],
    "uname -a": lambda: ["Linux %s 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64 GNU/Linux" % HOSTNAME],
    "hostname": lambda: [HOSTNAME],
}


def linux_command(cmd):
    """Returns (lines, exit_status)."""
    try:
        argv = shlex.split(cmd)
    except ValueError:
        return (["bash: -c: line 1: unexpected EOF while looking for matching quote"], 2)
    norm = " ".join(argv)
    if norm in LINUX_COMMANDS:
        return (LINUX_COMMANDS[norm]() + secrets_lines(), 0)
    if argv[:2] == ["vtysh", "-c"] and len(argv) == 3:
        if argv[2] == "show ip ospf neighbor":
            out = ["", "Neighbor ID     Pri State           Up Time         Dead Time Address         Interface                        RXmtL RqstL DBsmL"]
            for (rid, addr, intf, st), uptime in ospf_neighbours(OSPF_LINUX):
                out.append("%-15s %3d %-15s %-15s %-9s %-15s %-32s %5d %5d %5d" % (rid, 1, st + "", fmt_uptime(uptime, "41d03h12m"), "35.112s", addr, intf, 0, 0, 0))
            return (out + [""], 0)
        return (["% Unknown command: " + argv[2]], 1)
    if argv[:4] == ["ip", "-s", "link", "show"] and len(argv) == 5:
        name = argv[4]
        if name not in ("eth0", "eth1", "lo"):
            return (['Device "%s" does not exist.' % name], 1)
        st = interface_state(name).upper()
        return (["2: %s: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state %s mode DEFAULT group default qlen 1000" % (name, st),
                 "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff",
                 "    RX:  bytes packets errors dropped  missed   mcast",
                 "    41257710347 48211093      0       0       0   12001",
                 "    TX:  bytes packets errors dropped carrier collsns",
                 "     9213456621 30017728      0       0       0       0"], 0)
    if argv and argv[0] in ("echo",):
        return ([" ".join(argv[1:])], 0)
    if argv and argv[0] == "false":
        return ([], 1)
    head = argv[0] if argv else ""
    return (["bash: line 1: %s: command not found" % head], 127)


def error_lines():
    if PLATFORM == "fortios":
        return ["Command fail. Return code -1"]
    if PLATFORM == "cisco_ios":
        return ["% Invalid input detected at '^' marker."]
    if PLATFORM == "cisco_nxos":
        return ["% Invalid command at '^' marker."]
    return ["bash: line 1: command not found"]


def run_command(cmd, ctx):
    """Returns (lines, ok)."""
    if "error" in MODE:
        ctx["status"] = 127
        return (error_lines(), False)
    try:
        if PLATFORM == "fortios":
            return (fortios_command(cmd, ctx), True)
        if PLATFORM in ("cisco_ios", "cisco_nxos"):
            return (ios_like_command(cmd, ctx, PLATFORM == "cisco_nxos"), True)
        lines, status = linux_command(cmd)
        ctx["status"] = status
        return (lines, status == 0)
    except CommandError as e:
        return (e.args[0], False)


# ------------------------------------------------------------------------------------------- faults

def sleep_checking_peer(seconds, fd=0):
    """Waits, but ends the process when the client goes away (stdin EOF) or the lifetime is over."""
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return
        if time.monotonic() - STARTED > MAX_LIFETIME:
            os._exit(0)
        try:
            r, _, _ = select.select([fd], [], [], min(left, 0.5))
        except (OSError, ValueError):
            os._exit(0)
        if r:
            try:
                data = os.read(fd, 1024)
            except OSError:
                os._exit(0)
            if not data:
                os._exit(0)


def pause_until_released(cmd):
    """Holds a command until the test creates sim-release (then removes it, so the next pause waits again)."""
    log("paused " + cmd)
    release = os.path.join(HOME, "sim-release")
    while not os.path.exists(release):
        sleep_checking_peer(0.05)
    try:
        os.unlink(release)
    except OSError:
        pass
    log("released " + cmd)


def hang_forever():
    log("hang")
    while True:
        sleep_checking_peer(3600)


def kill_connection():
    """Ends the whole SSH connection abruptly: kill this session's sshd process (it runs as this user)."""
    log("drop")
    pid = os.getppid()
    for _ in range(6):
        try:
            with open("/proc/%d/comm" % pid, encoding="utf-8") as f:
                comm = f.read().strip()
            with open("/proc/%d/stat" % pid, encoding="utf-8") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if comm.startswith("sshd"):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
            break
        pid = ppid
    os._exit(255)


def apply_faults(cmd, write_line, lines):
    """Writes a command's output with the configured faults. Returns normally when output is complete."""
    if "hang" in MODE or ("hang-on" in MODE and MODE["hang-on"] and MODE["hang-on"] in cmd):
        hang_forever()
    if MODE.get("pause-on") and MODE["pause-on"] in cmd:
        pause_until_released(cmd)
    if "slow" in MODE:
        try:
            sleep_checking_peer(float(MODE["slow"] or "2"))
        except ValueError:
            sleep_checking_peer(2)
    if "drip" in MODE:
        try:
            interval = float(MODE["drip"] or "0.2")
        except ValueError:
            interval = 0.2
        n = 0
        while True:
            write_line("drip line %d of a command that never ends" % n)
            n += 1
            sleep_checking_peer(interval)
    if "drop" in MODE and lines:
        half = max(1, len(lines) // 2)
        for line in lines[:half]:
            write_line(line)
        sys.stdout.flush()
        time.sleep(0.05)  # let the partial output leave before the connection dies
        kill_connection()
    for line in lines:
        write_line(line)


# --------------------------------------------------------------------------------------------- exec

def exec_mode(cmd):
    log("session exec " + cmd)
    ctx = {"paging": False}
    out = sys.stdout

    def write_line(line):
        out.write(line + "\n")
        out.flush()

    lines, ok = run_command(cmd.strip(), ctx)
    apply_faults(cmd, write_line, lines)
    out.flush()
    return ctx.get("status", 0 if ok else 1)


# -------------------------------------------------------------------------------------------- shell

class Terminal:
    """Raw byte I/O on the session's stdin/stdout; echoes and translates newlines like a device."""

    def __init__(self):
        self.fd_in = sys.stdin.fileno()
        self.fd_out = sys.stdout.fileno()
        self.tty = os.isatty(self.fd_in)
        self.pending = b""
        if self.tty:
            import tty
            import termios
            self.saved = termios.tcgetattr(self.fd_in)
            tty.setraw(self.fd_in)

    def write(self, text):
        data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        while data:
            try:
                n = os.write(self.fd_out, data)
            except OSError:
                os._exit(0)
            data = data[n:]

    def read_byte(self):
        if not self.pending:
            while True:
                if time.monotonic() - STARTED > MAX_LIFETIME:
                    os._exit(0)
                r, _, _ = select.select([self.fd_in], [], [], 1.0)
                if r:
                    break
            try:
                chunk = os.read(self.fd_in, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                return None
            self.pending = chunk
        b, self.pending = self.pending[:1], self.pending[1:]
        return b

    def read_line(self, echo=True):
        buf = bytearray()
        while True:
            b = self.read_byte()
            if b is None:
                return None if not buf else buf.decode("utf-8", "replace")
            if b in (b"\r", b"\n"):
                if b == b"\r" and self.pending[:1] == b"\n":
                    self.pending = self.pending[1:]
                self.write("\n")
                return buf.decode("utf-8", "replace")
            if b in (b"\x7f", b"\x08"):
                if buf:
                    buf = buf[:-1]
                    if echo:
                        self.write("\b \b")
                continue
            if b == b"\x03":
                self.write("^C\n")
                return ""
            if b == b"\x04" and not buf:
                return None
            buf += b
            if echo:
                self.write(b.decode("utf-8", "replace"))


def prompt(ctx):
    if PLATFORM == "fortios":
        return "%s (%s) # " % (HOSTNAME, ctx["vdom"]) if ctx.get("vdom") else (
            "%s (%s) # " % (HOSTNAME, ctx["scope"]) if ctx.get("scope") else "%s # " % HOSTNAME)
    if PLATFORM in ("cisco_ios", "cisco_nxos"):
        sep = "# " if PLATFORM == "cisco_nxos" else "#"
        cfg = ctx.get("cfg")
        if cfg:
            return "%s(%s)%s" % (HOSTNAME, cfg, sep)
        if PLATFORM == "cisco_ios" and not ctx.get("enabled"):
            return "%s>" % HOSTNAME
        return "%s%s" % (HOSTNAME, sep)
    user = os.environ.get("USER", "netops")
    return "%s@%s:~$ " % (user, HOSTNAME)


def page_size():
    try:
        return max(2, int(MODE.get("page", "20")))
    except ValueError:
        return 20


def enable_retries():
    try:
        return max(1, int(MODE.get("enable-retries", "1")))
    except ValueError:
        return 1


def enable_dialogue(term, ctx, cmd):
    """IOS `enable` from user EXEC: Password: (not echoed), the configured secret or % Access denied."""
    if MODE.get("hang-on") and MODE["hang-on"] in cmd:
        hang_forever()
    if not ENABLE_SECRET:
        log("enable denied")
        term.write("% No password set\n")
        return
    tries = enable_retries()
    for attempt in range(1, tries + 1):
        term.write("Password: ")
        typed = term.read_line(echo="enable-echo" in MODE)
        if typed is None:
            os._exit(0)
        log("enable attempt %d%s" % (attempt, "" if typed else " (empty)"))
        if "enable-hang" in MODE:
            hang_forever()
        if typed == ENABLE_SECRET:
            ctx["enabled"] = True
            log("enable ok")
            return
    log("enable denied")
    term.write("% Bad secrets\n\n" if tries > 1 else "% Access denied\n\n")


# Commands that ask before they act, as IOS does (shell mode only): command -> (question, accepted answers, log name).
QUESTIONS = {
    "clear counters": ('Clear "show interface" counters on all interfaces [confirm]', ("", "y", "yes"), "clear counters"),
    "clear ip ospf process": ("Reset ALL OSPF processes? [no]: ", ("y", "yes"), "clear ospf process"),
}


def question_dialogue(term, ctx, cmd):
    """Asks the command's question and reads one line; logs "question <name>" and "confirmed <name>" / "declined <name>".

    The typed answer is logged too ("answer '<text>'"): the tests check exactly what was sent.
    Returns False when the command asks nothing."""
    asked = QUESTIONS.get(cmd.lower()) if PLATFORM == "cisco_ios" and ctx.get("enabled") and not ctx.get("cfg") else None
    if asked is None:
        return False
    question, accepted, name = asked
    log("question " + name)

    def closed(*_):
        # sshd hangs up the pty when the client closes the session at the question.
        log("closed at question " + name)
        os._exit(0)
    signal.signal(signal.SIGHUP, closed)
    term.write(question)
    typed = term.read_line()
    if typed is None:
        closed()
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    log("answer '%s'" % typed)
    if typed.strip().lower() in accepted:
        log("confirmed " + name)
        if name == "clear counters":
            STATE.update(lambda d: d.__setitem__("counters_cleared", d.get("counters_cleared", 0) + 1))
    else:
        log("declined " + name)
        if name == "clear counters":
            term.write("\n")
    return True


def shell_mode():
    log("session shell")
    term = Terminal()
    # IOS users land in privileged exec unless sim-enable-secret puts them in user EXEC.
    ctx = {"paging": PLATFORM != "linux", "enabled": not (PLATFORM == "cisco_ios" and ENABLE_SECRET is not None)}
    if "no-banner" not in MODE:
        if PLATFORM in ("cisco_ios", "cisco_nxos"):
            term.write("\n**************************************************\n* Authorised access only. Activity is logged.    *\n**************************************************\n\n")
        elif PLATFORM == "fortios":
            term.write("\n")
    term.write(prompt(ctx))
    more_marker = "--More-- " if PLATFORM == "fortios" else " --More-- "

    while True:
        line = term.read_line()
        if line is None:
            return 0
        cmd = line.strip()
        if not cmd:
            term.write(prompt(ctx))
            continue
        log("command " + cmd)
        if cmd in ("exit", "quit", "logout") and not ctx.get("cfg") and not ctx.get("scope"):
            return 0
        if PLATFORM == "cisco_ios" and cmd.lower() == "enable" and not ctx.get("enabled") and "error" not in MODE:
            enable_dialogue(term, ctx, cmd)
            term.write(prompt(ctx))
            continue
        if question_dialogue(term, ctx, cmd):
            term.write(prompt(ctx))
            continue
        lines, ok = run_command(cmd, ctx)
        state = {"count": 0, "quit": False}

        def write_line(text):
            if state["quit"]:
                return
            if ctx.get("paging") and state["count"] >= page_size():
                term.write(more_marker)
                while True:
                    key = term.read_byte()
                    if key is None:
                        os._exit(0)
                    if key in (b" ", b"\r", b"\n", b"q", b"Q"):
                        break
                term.write("\r" + " " * len(more_marker) + "\r")
                if key in (b"q", b"Q"):
                    state["quit"] = True
                    return
                state["count"] = 0 if key == b" " else page_size() - 1
            term.write(text + "\n")
            state["count"] += 1

        apply_faults(cmd, write_line, lines)
        term.write(prompt(ctx))


def main():
    pid_dir = os.path.join(HOME, "sim-pids")
    pid_file = os.path.join(pid_dir, str(os.getpid()))
    try:
        os.makedirs(pid_dir, exist_ok=True)
        with open(pid_file, "w", encoding="utf-8") as f:
            f.write(str(os.getpid()))
    except OSError:
        pid_file = None
    try:
        original = os.environ.get("SSH_ORIGINAL_COMMAND")
        if original is not None and original.strip():
            return exec_mode(original)
        return shell_mode()
    finally:
        if pid_file:
            try:
                os.unlink(pid_file)
            except OSError:
                pass


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
