namespace ChatNetOps.Execution.Tests.FortiGate;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Execution;
using ChatNetOps.Execution.FortiGate;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

public sealed class FortiGateMappingTests
{
    private static readonly Dictionary<string, string> SampleInputs = new(StringComparer.Ordinal)
    {
        ["device"] = "fw-edge-01",
        ["src"] = "10.10.1.5",
        ["dst"] = "203.0.113.10",
        ["dport"] = "443",
        ["proto"] = "17",
        ["tunnel"] = "vpn-branch1",
        ["interface"] = "port1",
    };

    public static TheoryData<string> ReadOnlyFortiOsRunbooks()
    {
        var data = new TheoryData<string>();
        foreach (var runbook in Catalog.Runbooks.Where(r => r.Mode == RunbookMode.ReadOnly && r.Commands.ContainsKey(Platform.FortiOS)))
        {
            data.Add(runbook.Name);
        }

        return data;
    }

    private static InventoryCatalog Catalog => InventoryLoader.LoadOrThrow(InventoryPaths.Resolve("inventory"));

    [Theory]
    [MemberData(nameof(ReadOnlyFortiOsRunbooks))]
    public void EveryShippedReadOnlyFortiOsRunbook_MapsToTheMonitorApi(string name)
    {
        var runbook = Catalog.FindRunbook(name)!;
        var inputs = runbook.Inputs.Where(i => SampleInputs.ContainsKey(i.Name)).ToDictionary(i => i.Name, i => SampleInputs[i.Name]);

        var mapping = FortiGateCommandMapper.Map(CommandRenderer.Render(runbook, Platform.FortiOS, inputs));

        Assert.True(mapping.Supported, $"command {mapping.UnsupportedIndex + 1} of {name} has no monitor API mapping");
        Assert.Contains(mapping.Calls, c => c.Endpoint != FortiGateEndpoint.None);
    }

    [Theory]
    [InlineData("get router info ospf neighbor", "router/ospf/neighbors", "")]
    [InlineData("get  router info ospf   neighbor ", "router/ospf/neighbors", "")]
    [InlineData("get vpn ipsec tunnel summary", "vpn/ipsec", "")]
    [InlineData("diagnose vpn tunnel list", "vpn/ipsec", "")]
    [InlineData("diagnose vpn tunnel list name vpn-a", "vpn/ipsec", "tunnel=vpn-a")]
    [InlineData("diagnose sys session list", "firewall/session", "")]
    [InlineData("get system status", "system/status", "")]
    [InlineData("get system performance status", "system/resource/usage", "interval=1-min")]
    [InlineData("diagnose hardware deviceinfo nic port1", "system/interface", "interface_name=port1")]
    public void Map_Command_GivesEndpointAndFilters(string command, string path, string query)
    {
        var call = Assert.Single(FortiGateCommandMapper.Map([command]).Calls);

        Assert.Equal(path, call.Path);
        Assert.Equal(query, string.Join("&", call.Query.Select(p => p.Key + "=" + p.Value)));
    }

    [Fact]
    public void Map_SessionFilterClear_ForgetsEarlierFilters()
    {
        var mapping = FortiGateCommandMapper.Map(["diagnose sys session filter dport 22", "diagnose sys session filter clear", "diagnose sys session filter proto 1", "diagnose sys session list"]);

        Assert.Equal("protocol=icmp", string.Join("&", mapping.Calls[^1].Query.Select(p => p.Key + "=" + p.Value)));
    }

    [Fact]
    public void AddChatNetOpsExecution_RegistersTheFortiGateExecutor()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddChatNetOpsExecution();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.IsType<FortiGateExecutor>(Assert.Single(provider.GetServices<IDeviceExecutor>(), e => e.Transport == Transport.FortiGateApi));
    }
}
