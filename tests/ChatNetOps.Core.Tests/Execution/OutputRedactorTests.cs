namespace ChatNetOps.Core.Tests.Execution;

using ChatNetOps.Core.Execution;

public sealed class OutputRedactorTests
{
    private const string R = OutputRedactor.Placeholder;

    [Theory]
    [InlineData("    set password ENC SH2nlSm9QL9tiv1sPRmyL1LwVQmT0mZ+QR0vF8xrrOiVKYfdk6/kZnb2Hl6kOU=", "    set password ENC " + R)]
    [InlineData("        set passwd ENC Bq7hV0fzOjqR8iKxZQp1cC4mZTKn5uJgkOQ9wwS7pT4pY2w==", "        set passwd ENC " + R)]
    [InlineData("        set psksecret ENC dHk4eW9vNnVkZmpzZDl1ZmlzamRmOTh1c2RmOTh1", "        set psksecret ENC " + R)]
    [InlineData("        set secret ENC c2VjcmV0c2VjcmV0c2VjcmV0", "        set secret ENC " + R)]
    [InlineData("        set psksecret Sup3rS3cret!", "        set psksecret " + R)]
    [InlineData("        set key \"radius-shared\"", "        set key " + R)]
    public void Redact_FortiOsSecrets_ReplacesOnlyTheSecret(string line, string expected)
    {
        var result = OutputRedactor.Redact(line);

        Assert.Equal(expected, result.Text);
        Assert.Equal(1, result.Count);
    }

    [Fact]
    public void Redact_FortiOsPrivateKeyBlock_KeepsMarkersAndSurroundingConfig()
    {
        const string config = """
            config vpn certificate local
                edit "vpn-server"
                    set password ENC kZ3UyDBk1X0qS7g8cGZf6w==
                    set private-key "-----BEGIN ENCRYPTED PRIVATE KEY-----
            MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQIbW9ja2tleQICCAAw
            HQYJYIZIAWUDBAEqBBCb2x1ZGVtb2tleWtleWtleQSCBNDrandombase64data==
            -----END ENCRYPTED PRIVATE KEY-----"
                    set certificate "-----BEGIN CERTIFICATE-----
            MIIDdzCCAl+gAwIBAgIUexamplecertificatebody
            -----END CERTIFICATE-----"
                next
            end
            """;

        var result = OutputRedactor.Redact(config);

        Assert.Equal(2, result.Count);
        Assert.DoesNotContain("MIIFHzBJ", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("kZ3UyDBk", result.Text, StringComparison.Ordinal);
        Assert.Contains("set private-key \"-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + R + "\n-----END ENCRYPTED PRIVATE KEY-----\"", result.Text, StringComparison.Ordinal);
        Assert.Contains("MIIDdzCCAl+gAwIBAgIUexamplecertificatebody", result.Text, StringComparison.Ordinal);
        Assert.Contains("edit \"vpn-server\"", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_TruncatedPemBlock_RedactsToTheEnd()
    {
        const string output = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtruncatedhere";

        var result = OutputRedactor.Redact(output);

        Assert.Equal("key:\n-----BEGIN RSA PRIVATE KEY-----\n" + R, result.Text);
        Assert.Equal(1, result.Count);
    }

    [Fact]
    public void Redact_OpenSshPrivateKey_IsRedacted()
    {
        const string output = "$ cat ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n";

        var result = OutputRedactor.Redact(output);

        Assert.Equal("$ cat ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n" + R + "\n-----END OPENSSH PRIVATE KEY-----\n", result.Text);
    }

    [Fact]
    public void Redact_FortiOsIpsecSaKeys_AreRedacted()
    {
        const string output = """
              dec: spi=8a1c2d3e esp=aes key=16 5f1c9a0b7e3d2c4b6a8f0e1d2c3b4a59
                   ah=sha1 key=20 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567
              stat: rxp=51234 txp=49876 rxb=6123456 txb=5123456
            """;

        var result = OutputRedactor.Redact(output);

        Assert.Equal(2, result.Count);
        Assert.Contains("dec: spi=8a1c2d3e esp=aes key=16 " + R, result.Text, StringComparison.Ordinal);
        Assert.Contains("ah=sha1 key=20 " + R, result.Text, StringComparison.Ordinal);
        Assert.Contains("stat: rxp=51234 txp=49876", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "enable secret 5 " + R)]
    [InlineData("enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM", "enable secret 9 " + R)]
    [InlineData("enable password 7 0822455D0A16", "enable password 7 " + R)]
    [InlineData("username netops privilege 15 secret 9 $9$abcdEFGHijkl$mnopQRSTuvwxYZ", "username netops privilege 15 secret 9 " + R)]
    [InlineData("username backup password 7 094F471A1A0A", "username backup password 7 " + R)]
    [InlineData("username admin password 5 $5$KLMN$opqrSTUV  role network-admin", "username admin password 5 " + R + "  role network-admin")]
    [InlineData("snmp-server community n3tw0rkRO RO", "snmp-server community " + R + " RO")]
    [InlineData("snmp-server community wr1t3me RW 99", "snmp-server community " + R + " RW 99")]
    [InlineData("snmp-server community nxos-ro group network-operator", "snmp-server community " + R + " group network-operator")]
    [InlineData("  key-string 7 104D000A0618", "  key-string 7 " + R)]
    [InlineData("  pre-shared-key local 6 FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB", "  pre-shared-key local 6 " + R)]
    [InlineData("  pre-shared-key address 203.0.113.21 key Sh4red!", "  pre-shared-key address 203.0.113.21 key " + R)]
    [InlineData("tacacs-server key 7 13061E010803", "tacacs-server key 7 " + R)]
    [InlineData("radius-server key R4diusK3y", "radius-server key " + R)]
    [InlineData("tacacs-server host 10.0.0.5 key 7 \"0823455D0A16\"", "tacacs-server host 10.0.0.5 key 7 " + R)]
    [InlineData("crypto isakmp key Br4nchPSK address 203.0.113.21", "crypto isakmp key " + R + " address 203.0.113.21")]
    [InlineData(" ip ospf message-digest-key 1 md5 7 045802150C2E", " ip ospf message-digest-key 1 md5 7 " + R)]
    [InlineData(" ip ospf authentication-key 7 070C285F4D06", " ip ospf authentication-key 7 " + R)]
    public void Redact_CiscoSecrets_ReplacesOnlyTheSecret(string line, string expected)
    {
        var result = OutputRedactor.Redact(line);

        Assert.Equal(expected, result.Text);
        Assert.Equal(1, result.Count);
    }

    [Fact]
    public void Redact_IosRunningConfig_RedactsEverySecretAndKeepsStructure()
    {
        const string config = """
            hostname acc-sw-01
            !
            enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM
            !
            username netops privilege 15 secret 9 $9$abcdEFGHijkl$mnopQRSTuvwxYZ
            !
            interface GigabitEthernet1/0/1
             description uplink
             ip ospf message-digest-key 1 md5 7 045802150C2E
            !
            snmp-server community n3tw0rkRO RO
            tacacs-server key 7 13061E010803
            end
            """;

        var result = OutputRedactor.Redact(config);

        Assert.Equal(5, result.Count);
        Assert.Contains("interface GigabitEthernet1/0/1\n description uplink", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nhEmQVczB7dqsO", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("n3tw0rkRO", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DB_PASSWORD=hunter2", "DB_PASSWORD=" + R)]
    [InlineData("password=s3cr3t user=netops", "password=" + R + " user=netops")]
    [InlineData("export PGPASSWORD=\"p@ss word\"", "export PGPASSWORD=\"" + R + "\"")]
    [InlineData("client_secret='abc123'", "client_secret='" + R + "'")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "Authorization: Bearer " + R)]
    [InlineData("authorization: Basic bmV0b3BzOmh1bnRlcjI=", "authorization: Basic " + R)]
    [InlineData("  \"password\": \"hunter2\",", "  \"password\": \"" + R + "\",")]
    public void Redact_LinuxSecrets_ReplacesOnlyTheSecret(string line, string expected)
    {
        var result = OutputRedactor.Redact(line);

        Assert.Equal(expected, result.Text);
        Assert.Equal(1, result.Count);
    }

    [Fact]
    public void Redact_AlreadyRedactedText_IsStableAndCountsNothing()
    {
        var once = OutputRedactor.Redact("set password ENC abcdEFGH1234==\nenable secret 5 $1$x$y\nPASSWORD=z");

        var twice = OutputRedactor.Redact(once.Text);

        Assert.Equal(3, once.Count);
        Assert.Equal(once.Text, twice.Text);
        Assert.Equal(0, twice.Count);
    }

    [Theory]
    [InlineData("""
        acc-sw-01#show ip ospf neighbor

        Neighbor ID     Pri   State           Dead Time   Address         Interface
        10.255.0.21       1   FULL/DR         00:00:34    10.0.21.1       TenGigabitEthernet1/1/1
        10.255.0.22       1   FULL/BDR        00:00:31    10.0.22.1       TenGigabitEthernet1/1/2
        """)]
    [InlineData("""
        GigabitEthernet1/0/1 is up, line protocol is up (connected)
          Hardware is Gigabit Ethernet, address is 00a3.d1f4.0101 (bia 00a3.d1f4.0101)
          5 minute input rate 123000 bits/sec, 45 packets/sec
             123456789 packets input, 98765432100 bytes, 0 no buffer
             0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored
             1 interface resets
        """)]
    [InlineData("""
        fw-edge-01 # get vpn ipsec tunnel summary
        'to-branch-01' 203.0.113.21:0  selectors(total,up): 1/1  rx(pkt,err): 51234/0  tx(pkt,err): 49876/0
        fw-edge-01 # diagnose sys session list
        session info: proto=6 proto_state=01 duration=1234 expire=3599 timeout=3600 flags=00000000
        hook=post dir=org act=snat 10.10.1.25:51234->198.51.100.80:443(203.0.113.10:51234)
        total session 1
        """)]
    [InlineData("""
        netops@jump-01:~$ ip -s link show eth0
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
            link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
            RX:  bytes packets errors dropped  missed   mcast
             123456789  123456      0       0       0    1234
        """)]
    [InlineData("""
        Key chain OSPF-KEYS:
            key 1 -- text "(hidden)"
        Password expires : never
        Public key authentication enabled
        """)]
    public void Redact_OrdinaryOutput_IsUnchanged(string output)
    {
        var result = OutputRedactor.Redact(output);

        Assert.Equal(output, result.Text);
        Assert.Equal(0, result.Count);
    }

    [Fact]
    public void Redact_Null_ReturnsEmpty()
    {
        var result = OutputRedactor.Redact(null);

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal(0, result.Count);
    }
}
