namespace ChatNetOps.Azure.Tests.Cosmos;

using System.Text.RegularExpressions;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Inventory;

/// <summary>The containers the stores use are the ones infra/modules/cosmos.bicep provisions, with the same keys and default TTLs.</summary>
public sealed partial class CosmosContainerNamesTests
{
    [Fact]
    public void BicepProvisions_ExactlyTheContainersTheStoresUse()
    {
        var bicep = File.ReadAllText(Path.Combine(InventoryPaths.Resolve("infra"), "modules", "cosmos.bicep"));
        var declared = ContainerSpec().Matches(bicep)
            .Select(m => (Name: m.Groups["name"].Value, PartitionKey: m.Groups["key"].Value))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var used = CosmosContainerNames.All.Select(c => (c.Name, PartitionKey: c.PartitionKeyPath)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(used, declared);
    }

    [Fact]
    public void BicepProvisions_TheDefaultTtlTheStoresCreate()
    {
        // Per-item ttl (locks, chatstate) is ignored by Cosmos unless the container has a defaultTtl.
        var bicep = File.ReadAllText(Path.Combine(InventoryPaths.Resolve("infra"), "modules", "cosmos.bicep"));
        var declared = ContainerSpec().Matches(bicep)
            .Select(m => (Name: m.Groups["name"].Value, DefaultTtl: m.Groups["ttl"].Success ? int.Parse(m.Groups["ttl"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var used = CosmosContainerNames.All.Select(c => (c.Name, c.DefaultTtl)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(used, declared);
        Assert.Contains((CosmosContainerNames.ChatState, (int?)-1), declared);
    }

    [GeneratedRegex(@"name:\s*'(?<name>[a-z]+)'\s*\r?\n\s*partitionKey:\s*'(?<key>/[A-Za-z]+)'(\s*\r?\n\s*defaultTtl:\s*(?<ttl>-?\d+))?")]
    private static partial Regex ContainerSpec();
}
