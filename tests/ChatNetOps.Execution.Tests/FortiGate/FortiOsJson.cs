namespace ChatNetOps.Execution.Tests.FortiGate;

using System.Globalization;
using System.Text;

/// <summary>Monitor API answers shaped like FortiOS 7.2's, for the stand-in FortiGate.</summary>
internal static class FortiOsJson
{
    public static string Envelope(string path, string name, string results, string vdom = "root") => $$"""
        {
          "http_method":"GET",
          "results":{{results}},
          "vdom":"{{vdom}}",
          "path":"{{path}}",
          "name":"{{name}}",
          "action":"",
          "status":"success",
          "serial":"FGT60FTK2000TEST",
          "version":"v7.2.8",
          "build":1639
        }
        """;

    public static string OspfNeighbors(string vdom = "root") => Envelope("router", "ospf", """
        [
          {"neighbor_ip":"10.255.0.2","priority":1,"state":"Full","router_id":"10.255.255.2"},
          {"neighbor_ip":"10.255.0.6","priority":1,"state":"Two way","router_id":"10.255.255.3"}
        ]
        """, vdom);

    public static string Ipsec(string vdom = "root") => Envelope("vpn", "ipsec", """
        [
          {
            "proxyid":[
              {"proxy_src":[{"subnet":"10.10.0.0/255.255.0.0","port":0,"protocol":0,"protocol_name":""}],
               "proxy_dst":[{"subnet":"10.20.0.0/255.255.0.0","port":0,"protocol":0,"protocol_name":""}],
               "status":"up","p2name":"vpn-branch1","p2serial":1,"expire":1532,"incoming_bytes":123456,"outgoing_bytes":654321}
            ],
            "name":"vpn-branch1","comments":"","wizard-type":"custom","connection_count":1,"creation_time":86400,
            "username":"","type":"automatic","incoming_bytes":123456,"outgoing_bytes":654321,"rgwy":"198.51.100.20","tun_id":"198.51.100.20"
          },
          {
            "proxyid":[
              {"proxy_src":[{"subnet":"10.10.0.0/255.255.0.0","port":0,"protocol":0,"protocol_name":""}],
               "proxy_dst":[{"subnet":"10.30.0.0/255.255.0.0","port":0,"protocol":0,"protocol_name":""}],
               "status":"down","p2name":"vpn-branch2","p2serial":0,"expire":0,"incoming_bytes":0,"outgoing_bytes":0}
            ],
            "name":"vpn-branch2","comments":"","wizard-type":"custom","connection_count":0,"creation_time":0,
            "username":"","type":"automatic","incoming_bytes":0,"outgoing_bytes":0,"rgwy":"198.51.100.30","tun_id":"198.51.100.30"
          }
        ]
        """, vdom);

    public static string SystemStatus(string vdom = "root") => Envelope("system", "status", """
        {"model_name":"FortiGate","model_number":"60F","model":"FGT60F","hostname":"fw-edge-01","log_disk_status":"available"}
        """, vdom);

    public static string ResourceUsage(string vdom = "root") => Envelope("system", "resource", """
        {"cpu":[{"current":7}],"mem":[{"current":41}],"disk":[{"current":3}],"session":[{"current":1873}],"setuprate":[{"current":12}]}
        """, vdom);

    /// <summary>Sessions <paramref name="start"/> .. of a table of <paramref name="total"/>, at most <paramref name="count"/>.</summary>
    public static string Sessions(int start, int count, int total, string vdom = "root")
    {
        var details = new StringBuilder();
        for (var i = start; i < Math.Min(total, start + count); i++)
        {
            if (details.Length > 0)
            {
                details.Append(',');
            }

            details.Append(CultureInfo.InvariantCulture, $$"""
                {"proto":"tcp","saddr":"10.10.1.{{i % 250 + 1}}","daddr":"203.0.113.10","sport":{{40000 + i}},"dport":443,"policyid":12,"duration":{{i}},"expiry":3590,"sentbyte":{{1000 + i}},"rcvdbyte":{{2000 + i}},"srcintf":"internal","dstintf":"wan1","snaddr":"198.51.100.1","snport":{{50000 + i}}}
                """);
        }

        return Envelope("firewall", "session", "{\"details\":[" + details + "]}", vdom);
    }

    public static string Error(int error, int httpStatus, string path = "router", string name = "ospf") => $$"""
        {"http_method":"GET","status":"error","http_status":{{httpStatus}},"error":{{error}},"vdom":"root","path":"{{path}}","name":"{{name}}","serial":"FGT60FTK2000TEST","version":"v7.2.8","build":1639}
        """;
}
